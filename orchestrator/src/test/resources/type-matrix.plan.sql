-- Ferry schema plan for target schema app
-- FINDING: type_matrix.Order Details.shout: generated column (ucase(`Select`)) cannot be expressed in PostgreSQL; it becomes a plain column filled with the source's values

-- Section 1: before the copy

CREATE SCHEMA IF NOT EXISTS "app";

CREATE TABLE IF NOT EXISTS "app"."a_table_whose_name_is_sixty_four_characters_long_which_4fb30e03" (
  "id" integer NOT NULL,
  "a_column_whose_name_is_sixty_four_characters_long_whic_c6c78fb9" varchar(10),
  PRIMARY KEY ("id")
);

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

-- Section 2: after the final drain (ferry schema --apply --after-drain)

