package org.lcms.ui.core;

/** Checks of operator settings: a refused setting names itself, its value and the range, so it can be fixed. */
final class Settings {
    private Settings() {
    }

    static void require(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalArgumentException("LCMS UI setting refused: " + problem
                + " (etc/org.lcms.ui.cfg)");
        }
    }
}
