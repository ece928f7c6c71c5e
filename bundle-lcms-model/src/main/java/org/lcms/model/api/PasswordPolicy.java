package org.lcms.model.api;

/** What an administrator password must be; checked on the clear password before it is hashed. */
public final class PasswordPolicy {
    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 128;

    private PasswordPolicy() {
    }

    /** @throws ModelException ({@link Rule#PASSWORD_POLICY}) saying what is wrong, never echoing the password */
    public static void check(String login, char[] password) {
        if (password == null || password.length < MIN_LENGTH || password.length > MAX_LENGTH) {
            throw new ModelException(Rule.PASSWORD_POLICY, "the password for " + login + " has "
                + (password == null ? 0 : password.length) + " characters; use " + MIN_LENGTH + " to " + MAX_LENGTH
                + " (a passphrase of several words is easy to remember)");
        }
        if (login != null && String.valueOf(password).equalsIgnoreCase(login)) {
            throw new ModelException(Rule.PASSWORD_POLICY, "the password for " + login
                + " is the login itself; choose another one");
        }
        for (char c : password) {
            if (Character.isISOControl(c)) {
                throw new ModelException(Rule.PASSWORD_POLICY, "the password for " + login
                    + " contains a control character; use printable characters only");
            }
        }
    }
}
