-- Ferry schema plan for target schema app
-- FINDING: type_matrix.Order Details.shout: generated column (ucase(`Select`)) cannot be expressed in PostgreSQL; it becomes a plain column filled with the source's values

-- Section 1: before the copy (ferry schema -c <pipeline.yaml> --apply)

CREATE SCHEMA IF NOT EXISTS "app";

CREATE TABLE IF NOT EXISTS "app"."a_table_whose_name_is_sixty_four_characters_long_which_4fb30e03" (
  "id" integer NOT NULL,
  "a_column_whose_name_is_sixty_four_characters_long_whic_c6c78fb9" varchar(10),
  PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "app"."fk_child" (
  "id" integer NOT NULL,
  "parent_id" integer,
  "pa" integer,
  "pb" varchar(5),
  "code" varchar(10),
  "boss" integer,
  PRIMARY KEY ("id")
);

CREATE INDEX IF NOT EXISTS "fk_child_fk_child_boss" ON "app"."fk_child" ("boss");

CREATE INDEX IF NOT EXISTS "fk_child_fk_child_code" ON "app"."fk_child" ("code");

CREATE INDEX IF NOT EXISTS "fk_child_fk_child_pair" ON "app"."fk_child" ("pa", "pb");

CREATE INDEX IF NOT EXISTS "fk_child_fk_child_parent" ON "app"."fk_child" ("parent_id");

CREATE TABLE IF NOT EXISTS "app"."fk_pair" (
  "a" integer NOT NULL,
  "b" varchar(5) NOT NULL,
  PRIMARY KEY ("a", "b")
);

CREATE TABLE IF NOT EXISTS "app"."fk_parent" (
  "id" integer NOT NULL,
  "code" varchar(10) NOT NULL,
  PRIMARY KEY ("id")
);

CREATE INDEX IF NOT EXISTS "fk_parent_uq_code" ON "app"."fk_parent" ("code");

CREATE TABLE IF NOT EXISTS "app"."matrix" (
  "id" integer NOT NULL,
  "ti" smallint,
  "tiu" smallint,
  "si" smallint,
  "siu" integer,
  "mi" integer,
  "miu" integer,
  "i" integer,
  "iu" bigint,
  "bi" bigint,
  "biu" numeric(20,0) CHECK ("biu" BETWEEN 0 AND 18446744073709551615),
  "b" boolean,
  "d" numeric(65,30),
  "d2" numeric(10,2),
  "dbl" double precision,
  "fl" real,
  "fl7" real,
  "y" smallint,
  "c" varchar(5),
  "vc" varchar(100),
  "t" text,
  "lt" text,
  "bin" bytea,
  "vb" bytea,
  "bl" bytea,
  "b1" boolean,
  "b12" bit(12),
  "dt" date,
  "dtt0" timestamp(0),
  "dt1" timestamp(1),
  "dt2" timestamp(2),
  "dt3" timestamp(3),
  "dt4" timestamp(4),
  "dt5" timestamp(5),
  "dtt6" timestamp(6),
  "ts0" timestamptz(0),
  "ts3" timestamptz(3),
  "ts6" timestamptz(6),
  "tm" interval,
  "tm0" interval,
  "j" jsonb,
  "e" text CHECK ("e" IN ('a b', 'it''s', 'c')),
  "s" text,
  "dfs" varchar(10) DEFAULT 'dflt',
  "dfi" integer DEFAULT 42,
  "dfd" timestamp(0) DEFAULT '2000-01-01 00:00:00',
  PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "app"."matrix_values" (
  "id" integer NOT NULL,
  "ti" smallint,
  "tiu" smallint,
  "si" smallint,
  "siu" integer,
  "mi" integer,
  "miu" integer,
  "i" integer,
  "iu" bigint,
  "bi" bigint,
  "biu" numeric(20,0) CHECK ("biu" BETWEEN 0 AND 18446744073709551615),
  "b" boolean,
  "d" numeric(65,30),
  "d2" numeric(10,2),
  "dbl" double precision,
  "fl" real,
  "fl7" real,
  "y" smallint,
  "c" varchar(5),
  "vc" varchar(100),
  "t" text,
  "lt" text,
  "bin" bytea,
  "vb" bytea,
  "bl" bytea,
  "b1" boolean,
  "b12" bit(12),
  "dt" date,
  "dtt0" timestamp(0),
  "dt1" timestamp(1),
  "dt2" timestamp(2),
  "dt3" timestamp(3),
  "dt4" timestamp(4),
  "dt5" timestamp(5),
  "dtt6" timestamp(6),
  "ts0" timestamptz(0),
  "ts3" timestamptz(3),
  "ts6" timestamptz(6),
  "tm" interval,
  "tm0" interval,
  "j" jsonb,
  "e" text CHECK ("e" IN ('a b', 'it''s', 'c')),
  "s" text,
  "dfs" varchar(10) DEFAULT 'dflt',
  "dfi" integer DEFAULT 42,
  "dfd" timestamp(0) DEFAULT '2000-01-01 00:00:00',
  PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "app"."Order Details" (
  "user" varchar(20) NOT NULL,
  "group" integer NOT NULL,
  "Select" varchar(10),
  "from" numeric(5,2),
  "qty" integer,
  "price" numeric(8,2),
  "total" numeric(12,2) GENERATED ALWAYS AS ("qty" * "price") STORED,
  "shout" varchar(10),
  PRIMARY KEY ("user", "group")
);

-- Section 2: after the final drain (ferry schema -c <pipeline.yaml> --apply-after-drain runs 2a to 2d in this order;
-- each statement may run again)

-- Section 2a: sequences and identities

-- Section 2b: secondary unique indexes made unique (plain indexes while changes stream)

-- unique index fk_parent_uq_code on app.fk_parent ("code")
DO $ferry$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace WHERE n.nspname = 'app' AND i.relname = 'fk_parent_uq_code' AND x.indisunique) THEN DROP INDEX IF EXISTS "app"."fk_parent_uq_code_ferry_unique"; CREATE UNIQUE INDEX "fk_parent_uq_code_ferry_unique" ON "app"."fk_parent" ("code"); DROP INDEX IF EXISTS "app"."fk_parent_uq_code"; ALTER INDEX "app"."fk_parent_uq_code_ferry_unique" RENAME TO "fk_parent_uq_code"; END IF; END $ferry$;

-- Section 2c: foreign keys, NOT VALID (no scan of the rows)

DO $ferry$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = '"app"."fk_child"'::regclass AND conname = 'fk_child_boss') THEN ALTER TABLE "app"."fk_child" ADD CONSTRAINT "fk_child_boss" FOREIGN KEY ("boss") REFERENCES "app"."fk_child" ("id") ON UPDATE RESTRICT ON DELETE SET NULL NOT VALID; END IF; END $ferry$;

DO $ferry$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = '"app"."fk_child"'::regclass AND conname = 'fk_child_code') THEN ALTER TABLE "app"."fk_child" ADD CONSTRAINT "fk_child_code" FOREIGN KEY ("code") REFERENCES "app"."fk_parent" ("code") ON UPDATE RESTRICT ON DELETE RESTRICT NOT VALID; END IF; END $ferry$;

DO $ferry$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = '"app"."fk_child"'::regclass AND conname = 'fk_child_pair') THEN ALTER TABLE "app"."fk_child" ADD CONSTRAINT "fk_child_pair" FOREIGN KEY ("pa", "pb") REFERENCES "app"."fk_pair" ("a", "b") ON UPDATE NO ACTION ON DELETE SET NULL NOT VALID; END IF; END $ferry$;

DO $ferry$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = '"app"."fk_child"'::regclass AND conname = 'fk_child_parent') THEN ALTER TABLE "app"."fk_child" ADD CONSTRAINT "fk_child_parent" FOREIGN KEY ("parent_id") REFERENCES "app"."fk_parent" ("id") ON UPDATE CASCADE ON DELETE CASCADE NOT VALID; END IF; END $ferry$;

-- Section 2d: foreign keys validated (in a cutover, after the flip)

ALTER TABLE "app"."fk_child" VALIDATE CONSTRAINT "fk_child_boss";

ALTER TABLE "app"."fk_child" VALIDATE CONSTRAINT "fk_child_code";

ALTER TABLE "app"."fk_child" VALIDATE CONSTRAINT "fk_child_pair";

ALTER TABLE "app"."fk_child" VALIDATE CONSTRAINT "fk_child_parent";

