package io.ferry.orchestrator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MariaDbGtidsTest {

    @Test
    void parsesTheSequencePerDomainOfAMultiDomainList() {
        assertThat(MariaDbGtids.parse("0-1-100,1-2-50,7-3-9"))
                .isEqualTo(Map.of(0L, 100L, 1L, 50L, 7L, 9L));
    }

    @Test
    void parsingToleratesSpacesAndEmptyParts() {
        assertThat(MariaDbGtids.parse(" 0-1-100 , ,1-2-50,"))
                .isEqualTo(Map.of(0L, 100L, 1L, 50L));
    }

    @Test
    void emptyOrMissingListHasNoDomains() {
        assertThat(MariaDbGtids.parse(null)).isEmpty();
        assertThat(MariaDbGtids.parse("")).isEmpty();
        assertThat(MariaDbGtids.parse("   ")).isEmpty();
    }

    @Test
    void keepsTheHighestSequenceWhenADomainAppearsWithSeveralServers() {
        // gtid_binlog_state lists one entry per (domain, server): the domain's position is the highest.
        assertThat(MariaDbGtids.parse("0-1-100,0-2-250,0-3-7")).isEqualTo(Map.of(0L, 250L));
    }

    @Test
    void readsSequencesAsUnsigned64BitNumbers() {
        assertThat(MariaDbGtids.parse("0-1-18446744073709551615")).isEqualTo(Map.of(0L, -1L));
        assertThat(MariaDbGtids.covers("0-1-18446744073709551615", "0-1-9223372036854775808")).isTrue();
        assertThat(MariaDbGtids.covers("0-1-9223372036854775807", "0-1-9223372036854775808")).isFalse();
    }

    @Test
    void keepsTheHighestUnsignedSequenceWhenADomainRepeats() {
        // Both entries are valid unsigned sequences; the higher one is above Long.MAX_VALUE.
        assertThat(MariaDbGtids.parse("0-1-5,0-2-18446744073709551615")).isEqualTo(Map.of(0L, -1L));
    }

    @Test
    void coversWhenEveryTargetDomainIsReachedExactly() {
        assertThat(MariaDbGtids.covers("0-1-100,1-2-50", "0-1-100,1-2-50")).isTrue();
    }

    @Test
    void coversWhenEveryTargetDomainIsPassed() {
        assertThat(MariaDbGtids.covers("0-1-101,1-2-60", "0-1-100,1-2-50")).isTrue();
    }

    @Test
    void coversRegardlessOfTheServerThatWroteTheGtid() {
        assertThat(MariaDbGtids.covers("0-2-100", "0-1-100")).isTrue();
    }

    @Test
    void extraDomainsReachedDoNotMatter() {
        assertThat(MariaDbGtids.covers("0-1-100,5-1-3", "0-1-100")).isTrue();
    }

    @Test
    void doesNotCoverWhenATargetDomainIsMissing() {
        assertThat(MariaDbGtids.covers("0-1-100", "0-1-100,1-2-50")).isFalse();
        assertThat(MariaDbGtids.covers("", "0-1-1")).isFalse();
        assertThat(MariaDbGtids.covers(null, "0-1-1")).isFalse();
    }

    @Test
    void doesNotCoverWhenAnyDomainIsBehind() {
        assertThat(MariaDbGtids.covers("0-1-99", "0-1-100")).isFalse();
        assertThat(MariaDbGtids.covers("0-1-200,1-2-49", "0-1-100,1-2-50")).isFalse();
    }

    @Test
    void anEmptyTargetIsAlwaysCovered() {
        assertThat(MariaDbGtids.covers("0-1-100", "")).isTrue();
        assertThat(MariaDbGtids.covers("", "")).isTrue();
        assertThat(MariaDbGtids.covers(null, null)).isTrue();
    }

    @Test
    void rejectsAnEntryWithoutThreePartsNamingIt() {
        assertThatThrownBy(() -> MariaDbGtids.parse("0-1-100,1-50"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a MariaDB GTID")
                .hasMessageContaining("'1-50'");
        assertThatThrownBy(() -> MariaDbGtids.parse("0-1-2-3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'0-1-2-3'");
        assertThatThrownBy(() -> MariaDbGtids.covers("0-1-100", "garbage"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'garbage'");
    }

    @Test
    void rejectsNonNumericParts() {
        assertThatThrownBy(() -> MariaDbGtids.parse("0-1-abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MariaDbGtids.parse("x-1-5")).isInstanceOf(IllegalArgumentException.class);
    }
}
