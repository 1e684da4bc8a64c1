package org.jbuildkit.registry.auth;

/** A last line of defence: text from a peer (an error body, an exception) with any known secret blanked. */
final class Redaction {

    private Redaction() {}

    static String redact(String text, Credentials credentials) {
        if (text == null || credentials == null || credentials.secret().length() < 4) {
            return text;
        }
        return text.replace(credentials.secret(), "***")
                .replace(credentials.basicAuthorization().substring("Basic ".length()), "***");
    }
}
