package io.sleipnir.source.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SyslogParserTest {
    private static final long NOW = nanos("2026-12-02T08:00:00Z");

    private static long nanos(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Test
    void rfc5424FromRfcExampleWithStructuredData() throws Exception {
        SyslogMessage m = SyslogParser.parse("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 "
                + "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"][examplePriority@32473"
                + " class=\"high\"] An application event log entry...", NOW);
        assertThat(m.rfc5424()).isTrue();
        assertThat(m.facilityLevel()).isEqualTo("local4");
        assertThat(m.severityLevel()).isEqualTo("notice");
        assertThat(m.timestampNanos()).isEqualTo(nanos("2003-10-11T22:14:15.003Z"));
        assertThat(m.hostname()).isEqualTo("mymachine.example.com");
        assertThat(m.appName()).isEqualTo("evntslog");
        assertThat(m.procId()).isNull();
        assertThat(m.msgId()).isEqualTo("ID47");
        assertThat(m.structuredData()).hasSize(2);
        assertThat(m.structuredData().get(0).id()).isEqualTo("exampleSDID@32473");
        assertThat(m.structuredData().get(0).params().get(1)).containsExactly("eventSource", "Application");
        assertThat(m.message()).isEqualTo("An application event log entry...");
    }

    @Test
    void rfc5424NilValuesEscapesOffsetsAndBom() throws Exception {
        SyslogMessage m = SyslogParser.parse("<13>1 2026-12-02T09:30:00.123456+01:00 - - - - [a b=\"q\\\"x\\]y\\\\z\\n\"]"
                + " \uFEFFtext", NOW);
        assertThat(m.timestampNanos()).isEqualTo(nanos("2026-12-02T08:30:00.123456Z"));
        assertThat(m.hostname()).isNull();
        assertThat(m.structuredData().get(0).params().get(0)).containsExactly("b", "q\"x]y\\z\\n");
        assertThat(m.message()).isEqualTo("text");
    }

    @Test
    void rfc5424WithoutMessageHasNone() throws Exception {
        assertThat(SyslogParser.parse("<13>1 - host app - - -", NOW).message()).isNull();
        assertThat(SyslogParser.parse("<13>1 - host app - - - ", NOW).message()).isNull();
    }

    @Test
    void facilitiesWithoutKeywordGetGoSyslogsDescription() throws Exception {
        assertThat(SyslogParser.parse("<72>1 - - - - - - x", NOW).facilityLevel()).isEqualTo("clock daemon");
        assertThat(SyslogParser.parse("<191>1 - - - - - - x", NOW).facilityLevel()).isEqualTo("local7");
        assertThat(SyslogParser.parse("<191>1 - - - - - - x", NOW).severityLevel()).isEqualTo("debug");
        assertThat(SyslogParser.parse("<0>1 - - - - - - x", NOW).severityLevel()).isEqualTo("emergency");
    }

    @Test
    void rfc3164AsUtilLinuxLoggerSendsIt() throws Exception {
        SyslogMessage m = SyslogParser.parse("<156>Dec  2 07:10:14 vm myapp[42]: one: two", NOW);
        assertThat(m.rfc5424()).isFalse();
        assertThat(m.timestampNanos()).isEqualTo(nanos("2026-12-02T07:10:14Z"));
        assertThat(m.hostname()).isEqualTo("vm");
        assertThat(m.appName()).isEqualTo("myapp");
        assertThat(m.procId()).isEqualTo("42");
        assertThat(m.msgId()).isNull();
        assertThat(m.facilityLevel()).isEqualTo("local3");
        assertThat(m.severityLevel()).isEqualTo("warning");
        assertThat(m.message()).isEqualTo("one: two");
    }

    @Test
    void rfc3164WithoutHostnameOrTagKeepsTheText() throws Exception {
        SyslogMessage noHost = SyslogParser.parse("<13>Nov 30 23:59:59 cron: job done", NOW);
        assertThat(noHost.hostname()).isNull();
        assertThat(noHost.appName()).isEqualTo("cron");
        assertThat(noHost.message()).isEqualTo("job done");
        SyslogMessage bare = SyslogParser.parse("<13>just some text", NOW);
        assertThat(bare.timestampNanos()).isEqualTo(SyslogMessage.NO_TIMESTAMP);
        assertThat(bare.message()).isEqualTo("just some text");
    }

    @Test
    void rfc3164DecemberSeenInJanuaryIsLastYears() throws Exception {
        long newYear = nanos("2027-01-01T00:00:10Z");
        assertThat(SyslogParser.parse("<13>Dec 31 23:59:58 h app: x", newYear).timestampNanos())
                .isEqualTo(nanos("2026-12-31T23:59:58Z"));
    }

    @Test
    void malformedMessagesSayWhere() {
        assertThatThrownBy(() -> SyslogParser.parse("hello", NOW)).isInstanceOf(MalformedSyslogException.class)
                .hasMessageContaining("priority");
        assertThatThrownBy(() -> SyslogParser.parse("<192>1 - - - - - - x", NOW))
                .hasMessageContaining("range 1-191");
        assertThatThrownBy(() -> SyslogParser.parse("<13>1 yesterday h a p m - x", NOW))
                .hasMessageContaining("timestamp");
        assertThatThrownBy(() -> SyslogParser.parse("<13>1 - h a p m [broken x", NOW))
                .hasMessageContaining("structured data");
        assertThatThrownBy(() -> SyslogParser.parse("<13>1 - h " + "a".repeat(49) + " p m - x", NOW))
                .hasMessageContaining("app-name");
    }
}
