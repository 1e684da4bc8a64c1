package org.jbuildkit.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    @Test
    void suggestionsAreWithinTwoEditsAndNeverTheValueItself() {
        assertThat(Suggestions.closest("mont", List.of("mount", "network"))).contains("mount");
        assertThat(Suggestions.closest("mount", List.of("mount", "mounts"))).isEmpty();
        assertThat(Suggestions.closest("xyz", List.of("mount"))).isEmpty();
        assertThat(Suggestions.closest("lnk", List.of("link", "ink"))).contains("ink");
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
    }

    @Test
    void ignoringCaseTheOptionIsReturnedAsSpelled() {
        List<String> stages = List.of("Builder", "test");
        assertThat(Suggestions.closestIgnoringCase("BUILDR", stages)).contains("Builder");
        assertThat(Suggestions.closestIgnoringCase("TEST", stages)).isEmpty();
        assertThat(Suggestions.closest("TEST", stages)).isEmpty();
        assertThat(Suggestions.withSuggestion("unknown flag: --mont", "mont", List.of("mount")))
                .isEqualTo("unknown flag: --mont (did you mean mount?)");
    }
}
