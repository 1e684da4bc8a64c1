package org.jbuildkit.daemon.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jbuildkit.api.control.UsageRecord;
import org.junit.jupiter.api.Test;

class CacheFilterTest {
    private final UsageRecord local = UsageRecord.newBuilder().setID("abc123").setRecordType("source.local")
            .setDescription("local source for context").setMutable(true).build();

    @Test
    void equalityNegationAndRegexpMatchFields() {
        assertThat(CacheFilter.parse("type==source.local").get(0).matches(local)).isTrue();
        assertThat(CacheFilter.parse("type!=source.local").get(0).matches(local)).isFalse();
        assertThat(CacheFilter.parse("description~=context$").get(0).matches(local)).isTrue();
        assertThat(CacheFilter.parse("id==\"abc123\"").get(0).matches(local)).isTrue();
        assertThat(CacheFilter.parse("mutable").get(0).matches(local)).isTrue();
        assertThat(CacheFilter.parse("shared").get(0).matches(local)).isFalse();
    }

    @Test
    void commasSeparateClauses() {
        assertThat(CacheFilter.parse("type==regular, mutable==true")).hasSize(2);
    }

    @Test
    void unknownFieldsAndBadRegexpsNameTheProblem() {
        assertThatThrownBy(() -> CacheFilter.parse("colour==blue"))
                .hasMessageContaining("'colour==blue' is not understood").hasMessageContaining("description, id");
        assertThatThrownBy(() -> CacheFilter.parse("id~=(")).hasMessageContaining("bad regular expression");
    }
}
