package org.lcms.model.api;

/** What an administrator password must be; checked on the clear password before it is hashed. */
public final class PasswordPolicy {
    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 128;
    /** Length of a generated password. */
    public static final int GENERATED_LENGTH = 20;
    // Letters and digits without look-alikes (0 O o, 1 l I): a generated password is read off a screen.
    public static final String GENERATED_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

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

    /**
     * A random password of {@link #GENERATED_LENGTH} letters and digits (about 116 bits) that passes {@link #check};
     * the caller shows it once and wipes the array. One generator for every client (shell, web UI).
     */
    public static char[] generate() {
        char[] password = new char[GENERATED_LENGTH];
        for (int i = 0; i < password.length; i++) {
            password[i] = GENERATED_ALPHABET.charAt(RANDOM.nextInt(GENERATED_ALPHABET.length()));
        }
        return password;
    }
}
