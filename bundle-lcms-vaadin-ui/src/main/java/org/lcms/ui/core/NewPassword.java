package org.lcms.ui.core;

import java.util.Arrays;
import java.util.Optional;
import org.lcms.model.api.ModelException;
import org.lcms.model.api.PasswordPolicy;

/**
 * A password an administrator typed twice for an account, checked by the model's {@link PasswordPolicy} before it is
 * hashed. The messages never echo the password.
 */
public final class NewPassword {
    private NewPassword() {
    }

    /** Why {@code first} (typed again as {@code second}) cannot be {@code login}'s password, or empty if it can. */
    public static Optional<String> problem(String login, char[] first, char[] second) {
        if (first == null || first.length == 0) {
            return Optional.of("Type the new password, or let LCMS generate one");
        }
        if (!Arrays.equals(first, second)) {
            return Optional.of("The two passwords differ; type the same password twice");
        }
        try {
            PasswordPolicy.check(login, first);
            return Optional.empty();
        } catch (ModelException e) {
            return Optional.of(ModelMessages.text(e));
        }
    }
}
