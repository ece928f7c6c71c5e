package org.lcms.model.internal.shell;

import java.io.IOException;

/** Reads one line without echoing it; null at end of input. In the shell: {@code Session.readLine(p, '*')}. */
@FunctionalInterface
interface PasswordPrompt {
    String readMasked(String prompt) throws IOException;
}
