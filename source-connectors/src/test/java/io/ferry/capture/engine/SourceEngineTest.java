package io.ferry.capture.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.core.config.SourceKind;
import io.ferry.core.event.BinlogFilePosition;
import io.ferry.core.event.MariaDbGtidPosition;
import io.ferry.core.event.MySqlGtidSet;
import io.ferry.core.event.PgLsn;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engines' pure parts: positions from text and from Debezium offsets, the drain's question, the freeze's statements. */
class SourceEngineTest {

    private static final String U1 = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final String U2 = "4f22fa47-71ca-11e1-9e33-c80aa9429563";

    private static final SourceEngine MARIADB = SourceEngines.of(SourceKind.MARIADB);
    private static final SourceEngine MYSQL = SourceEngines.of(SourceKind.MYSQL);
    private static final SourceEngine POSTGRES = SourceEngines.of(SourceKind.POSTGRESQL);

    @Test
    void eachKindHasItsEngine() {
        for (SourceKind kind : SourceKind.values()) {
            assertThat(SourceEngines.of(kind).kind()).isEqualTo(kind);
        }
        assertThat(SourceEngines.binlog(SourceKind.MYSQL)).isInstanceOf(MySqlEngine.class);
        assertThatThrownBy(() -> SourceEngines.binlog(SourceKind.POSTGRESQL)).hasMessageContaining("no binary log");
        assertThat(POSTGRES.hasReplicationSlot()).isTrue();
        assertThat(MYSQL.hasReplicationSlot()).isFalse();
        assertThat(POSTGRES.describeRelease("shop-eu")).isEqualTo("would drop replication slot ferry_shop_eu and publication ferry_shop_eu on the source");
        assertThat(MARIADB.describeRelease("shop")).isEqualTo("nothing to release on a mariadb source");
    }

    @Test
    void postgresComparesLsnsAndWaitsOutTheSnapshot() {
        long lsn = (0x1L << 32) | 0x16B3748L; // 1/16B3748
        assertThat(POSTGRES.reached(Map.of("lsn", lsn), POSTGRES.parsePosition("1/16B3748"))).isTrue();
        assertThat(POSTGRES.reached(Map.of("lsn", lsn), POSTGRES.parsePosition("1/16B3749"))).isFalse();
        assertThat(POSTGRES.reached(Map.of("lsn", lsn), POSTGRES.parsePosition("0/FFFFFFFF"))).isTrue();
        assertThat(POSTGRES.reached(Map.of("lsn", lsn, "snapshot", true), POSTGRES.parsePosition("0/1")))
                .as("a snapshot record does not show the snapshot delivered").isFalse();
        assertThat(POSTGRES.reached(Map.of("lsn", lsn, "txId", 7), POSTGRES.parsePosition("0/1"))).isTrue();
        assertThat(POSTGRES.reached(Map.of(), POSTGRES.parsePosition("0/1"))).as("no offset yet").isFalse();
        assertThat(POSTGRES.capturedPosition(Map.of("lsn", lsn))).contains(PgLsn.parse("1/16B3748"));
        assertThatThrownBy(() -> POSTGRES.parsePosition("16B3748")).hasMessageContaining("not an LSN");
    }

    @Test
    void mariaDbComparesGtidPositionsPerDomain() {
        assertThat(MARIADB.reached(Map.of("gtids", "0-1-42,1-2-7"), MARIADB.parsePosition("0-1-42"))).isTrue();
        assertThat(MARIADB.reached(Map.of("gtids", "0-1-41"), MARIADB.parsePosition("0-1-42"))).isFalse();
        assertThat(MARIADB.reached(Map.of("file", "binlog.000001", "pos", 4), MARIADB.parsePosition("0-1-42"))).as("no GTIDs yet").isFalse();
        assertThat(MARIADB.reached(Map.of(), MARIADB.parsePosition(""))).as("an empty binlog has nothing to wait for").isTrue();
        assertThat(MARIADB.reached(Map.of("gtids", "0-1-50", "snapshot", "true"), MARIADB.parsePosition("0-1-42"))).isFalse();
        assertThat(MARIADB.parsePosition("0-1-42")).isInstanceOf(MariaDbGtidPosition.class);
        assertThatThrownBy(() -> MARIADB.parsePosition("garbage")).hasMessageContaining("domain-server-sequence");
    }

    @Test
    void aBinlogSourceIsPastTheLogsEndOnceCapturesOffsetIsAtOrAfterIt() {
        BinlogFilePosition end = BinlogFilePosition.parse("binlog.000001:1234");
        for (SourceEngine engine : new SourceEngine[] {MARIADB, MYSQL}) {
            assertThat(engine.logEventStatement()).contains("FLUSH BINARY LOGS");
            assertThat(engine.readPast(Map.of("file", "binlog.000002", "pos", 4L, "gtids", "0-1-8"), end)).as("in the file after the rotation").isTrue();
            assertThat(engine.readPast(Map.of("file", "binlog.000001", "pos", 1234L), end)).as("where the next transaction starts").isTrue();
            assertThat(engine.readPast(Map.of("file", "binlog.000001", "pos", 1000L, "gtids", "0-1-8"), end)).as("at a transaction before it").isFalse();
            assertThat(engine.readPast(Map.of("file", "binlog.000002", "pos", 4L, "snapshot", "true"), end)).as("a snapshot record").isFalse();
            assertThat(engine.readPast(Map.of(), end)).as("no offset yet").isFalse();
        }
        assertThat(POSTGRES.logEventStatement()).as("its capture's heartbeat writes a WAL message").isEmpty();
        assertThat(POSTGRES.readPast(Map.of("lsn", 99L), PgLsn.parse("0/1"))).isFalse();
    }

    @Test
    void mySqlComparesGtidSetsByContainment() {
        assertThat(MYSQL.reached(Map.of("gtids", U1 + ":1-100," + U2 + ":1-5"), MYSQL.parsePosition(U1 + ":1-100,\n" + U2 + ":3"))).isTrue();
        assertThat(MYSQL.reached(Map.of("gtids", U1 + ":1-99"), MYSQL.parsePosition(U1 + ":1-100"))).isFalse();
        assertThat(MYSQL.reached(Map.of("gtids", U1 + ":1-100"), MYSQL.parsePosition(U1 + ":1-100," + U2 + ":1")))
                .as("a server not seen yet").isFalse();
        assertThat(MYSQL.reached(Map.of("file", "mysql-bin.000003", "pos", 4L), MYSQL.parsePosition(U1 + ":1")))
                .as("an offset without GTIDs against a GTID watermark").isFalse();
        assertThat(MYSQL.reached(Map.of(), MYSQL.parsePosition(""))).as("gtid_executed empty: nothing to wait for").isTrue();
        assertThat(MYSQL.parsePosition(U1 + ":1-5")).isInstanceOf(MySqlGtidSet.class);
        assertThat(MYSQL.capturedPosition(Map.of("gtids", U2 + ":1-3," + U1 + ":1-5"))).map(p -> p.text())
                .contains(U1 + ":1-5," + U2 + ":1-3");
        assertThatThrownBy(() -> MYSQL.parsePosition(U1 + ":x")).hasMessageContaining("not a MySQL GTID set member");
    }

    @Test
    void mySqlWithoutGtidsComparesBinlogFilesByNumberThenOffset() {
        assertThat(MYSQL.parsePosition("mysql-bin.000003:1234")).isEqualTo(BinlogFilePosition.parse("mysql-bin.000003:1234"));
        assertThat(MYSQL.reached(Map.of("file", "binlog.000003", "pos", 1234L), MYSQL.parsePosition("binlog.000003:1234"))).isTrue();
        assertThat(MYSQL.reached(Map.of("file", "binlog.000010", "pos", 4L), MYSQL.parsePosition("binlog.000009:99999"))).isTrue();
        assertThat(MYSQL.reached(Map.of("file", "binlog.000003", "pos", 1000L), MYSQL.parsePosition("binlog.000003:1234"))).isFalse();
        assertThat(MYSQL.reached(Map.of("gtids", U1 + ":1"), MYSQL.parsePosition("binlog.000003:1234"))).isFalse();
        assertThat(MYSQL.reached(Map.of("gtids", U1 + ":1", "file", "binlog.000004", "pos", 4L), MYSQL.parsePosition("binlog.000003:1234")))
                .as("a binlog watermark is compared with the offset's file and position").isTrue();
    }

    @Test
    void mySqlReadsItsBinaryLogStatusWithTheStatementItsVersionKnows() {
        MySqlEngine mysql = (MySqlEngine) MYSQL;
        assertThat(mysql.binaryLogStatusSql(8, 4)).isEqualTo("SHOW BINARY LOG STATUS");
        assertThat(mysql.binaryLogStatusSql(8, 2)).isEqualTo("SHOW BINARY LOG STATUS");
        assertThat(mysql.binaryLogStatusSql(9, 0)).isEqualTo("SHOW BINARY LOG STATUS");
        assertThat(mysql.binaryLogStatusSql(8, 0)).isEqualTo("SHOW MASTER STATUS");
        assertThat(mysql.gtidsSql()).isEqualTo("SELECT @@GLOBAL.gtid_executed");
        assertThat(((MariaDbEngine) MARIADB).binaryLogStatusSql(10, 11)).isEqualTo("SHOW MASTER STATUS");
        assertThat(((MariaDbEngine) MARIADB).gtidsSql()).isEqualTo("SELECT @@GLOBAL.gtid_binlog_pos");
        assertThat(SourceEngines.binlog(SourceKind.MARIADB).reportsSnapshotPosition()).isTrue();
        assertThat(SourceEngines.binlog(SourceKind.MYSQL).reportsSnapshotPosition()).as("no binlog_snapshot_% status").isFalse();
    }

    @Test
    void freezesAreTheEnginesOwnSwitches() {
        ReadOnlySwitch mariadb = MARIADB.readOnlyFreeze("shop", "app");
        assertThat(mariadb.freeze()).containsExactly("SET GLOBAL read_only = 1");
        assertThat(mariadb.unfreeze()).containsExactly("SET GLOBAL read_only = 0");
        assertThat(mariadb.endSessions()).isNull();

        ReadOnlySwitch mysql = MYSQL.readOnlyFreeze("shop", null);
        assertThat(mysql.freeze()).containsExactly("SET GLOBAL super_read_only = ON");
        assertThat(mysql.unfreeze()).containsExactly("SET GLOBAL super_read_only = OFF", "SET GLOBAL read_only = OFF");

        ReadOnlySwitch pgRole = POSTGRES.readOnlyFreeze("pg\"db", "freeze_app");
        assertThat(pgRole.freeze()).containsExactly("ALTER ROLE \"freeze_app\" IN DATABASE \"pg\"\"db\" SET default_transaction_read_only = on");
        assertThat(pgRole.unfreeze()).containsExactly("ALTER ROLE \"freeze_app\" IN DATABASE \"pg\"\"db\" RESET default_transaction_read_only");
        assertThat(pgRole.endSessions()).contains("pg_terminate_backend", "usename = ?");
        assertThat(pgRole.endSessionsRole()).isEqualTo("freeze_app");

        ReadOnlySwitch pgDatabase = POSTGRES.readOnlyFreeze("shop", null);
        assertThat(pgDatabase.freeze()).containsExactly("ALTER DATABASE \"shop\" SET default_transaction_read_only = on");
        assertThat(pgDatabase.endSessions()).contains("usename <> current_user");
        assertThat(pgDatabase.endSessionsRole()).isNull();
    }

    @Test
    void quotesIdentifiersInTheEnginesOwnWay() {
        assertThat(MYSQL.quote("a`b")).isEqualTo("`a``b`");
        assertThat(MARIADB.quote("orders")).isEqualTo("`orders`");
        assertThat(POSTGRES.quote("a\"b")).isEqualTo("\"a\"\"b\"");
    }
}
