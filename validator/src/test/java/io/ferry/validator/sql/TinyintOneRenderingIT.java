package io.ferry.validator.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.config.TypesConfig.ZeroDateRule;
import io.ferry.core.config.ZeroDatePolicy;
import io.ferry.core.schema.TableId;
import io.ferry.core.value.LogicalType;
import io.ferry.core.value.jdbc.Engine;
import io.ferry.sandbox.Sandbox;
import io.ferry.validator.Side;
import io.ferry.validator.TableRows;
import io.ferry.validator.ValidatedColumn;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A source TINYINT(1) of 2 against a target {@code true} (what a capture that turned 2 into true would have written):
 * both the hash SQL and the row reader must see a difference, on a real MariaDB and PostgreSQL.
 */
class TinyintOneRenderingIT {

    private static final ValidatedColumn FLAG = new ValidatedColumn("flag", "flag", LogicalType.BOOLEAN, "boolean", List.of(),
            new ZeroDateRule(ZeroDatePolicy.ERROR, null));

    private final Sandbox sandbox = Sandbox.shared();

    @Test
    void aSourceTwoDiffersFromATargetTrueInTheHashFormAndTheRowForm() throws Exception {
        try (Connection my = sandbox.mariadb().connect(""); Statement s = my.createStatement()) {
            s.execute("CREATE DATABASE tinyint_render");
            s.execute("CREATE TABLE tinyint_render.flags (id INT PRIMARY KEY, flag TINYINT(1))");
            s.execute("INSERT INTO tinyint_render.flags VALUES (1, 0), (2, 1), (3, 2), (4, NULL)");
        }
        sandbox.postgres().createDatabase("tinyint_render");
        try (Connection pg = sandbox.postgres().connect("tinyint_render"); Statement s = pg.createStatement()) {
            s.execute("CREATE TABLE public.flags (id integer PRIMARY KEY, flag boolean)");
            s.execute("INSERT INTO public.flags VALUES (1, false), (2, true), (3, true), (4, NULL)");
        }
        try (Connection my = sandbox.mariadb().connect("tinyint_render"); Connection pg = sandbox.postgres().connect("tinyint_render")) {
            List<String> source = rendered(my, HashSql.of(Engine.MYSQL, Side.Role.SOURCE));
            List<String> target = rendered(pg, HashSql.of(Engine.POSTGRESQL, Side.Role.TARGET));
            assertThat(source).containsExactly("false", "true", "2", null);
            assertThat(target).containsExactly("false", "true", "true", null);

            Map<String, LogicalType> columns = new java.util.LinkedHashMap<>();
            columns.put("id", LogicalType.INTEGER);
            columns.put("flag", LogicalType.BOOLEAN);
            var sourceRows = TableRows.read(my, Engine.MYSQL, TableId.of("tinyint_render", "flags"), columns, List.of("id"));
            var targetRows = TableRows.read(pg, Engine.POSTGRESQL, TableId.of("public", "flags"), columns, List.of("id"));
            assertThat(sourceRows.get(List.of("3"))).containsExactly("3", "2");
            assertThat(TableRows.diff(List.of("id", "flag"), sourceRows, targetRows))
                    .singleElement().asString().contains("key [3]").contains("flag: source=2 target=true");
        }
    }

    private static List<String> rendered(Connection c, HashSql sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + sql.text(FLAG) + " FROM flags ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
