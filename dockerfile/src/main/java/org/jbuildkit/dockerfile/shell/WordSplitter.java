package org.jbuildkit.dockerfile.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the words of one expansion: characters that came from the Dockerfile unquoted or from a variable split
 * the word on whitespace; quoted text and escaped characters never do. A word is only kept when it has at least one
 * character, so a lone {@code ""} makes no word (as upstream).
 */
final class WordSplitter {
    private final StringBuilder word = new StringBuilder();
    private final List<String> words = new ArrayList<>();
    private boolean inWord;

    /** A character that splits words when it is whitespace. */
    void addChar(int ch) {
        if (GoUnicode.isSpace(ch)) {
            if (inWord && word.length() != 0) {
                words.add(word.toString());
                word.setLength(0);
                inWord = false;
            }
        } else {
            addRawChar(ch);
        }
    }

    /** A character kept as it is, even whitespace. */
    void addRawChar(int ch) {
        word.appendCodePoint(ch);
        inWord = true;
    }

    void addString(String text) {
        text.codePoints().forEach(this::addChar);
    }

    void addRawString(String text) {
        word.append(text);
        inWord = true;
    }

    List<String> words() {
        if (word.length() > 0) {
            words.add(word.toString());
            word.setLength(0);
            inWord = false;
        }
        return words;
    }
}
