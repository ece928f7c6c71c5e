package org.lcms.model.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** An enum value with the short code operators type and the directory stores (e.g. {@code wlc}, {@code lb}). */
public interface Coded {
    String code();

    /**
     * The constant of {@code type} whose code is {@code text} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the bad value and the valid ones
     */
    static <E extends Enum<E> & Coded> E parse(Class<E> type, String what, String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.code().equals(wanted)) {
                return e;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a valid " + what + "; use one of: "
            + Arrays.stream(type.getEnumConstants()).map(Coded::code).collect(Collectors.joining(", ")));
    }
}
