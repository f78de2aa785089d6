package proxy

import (
	"context"
	"strconv"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/drivers/sqlite"
	"github.com/blocksql/blocksql/replay"
)

// information_schema is built from the chain's catalog for each query that
// reads it, into a private in-memory SQLite database where the query runs:
// every backend answers it the same way, from the definitions every node
// agrees on (MariaDB's own information_schema would show its physical
// names and blocksql's internal tables). ORMs and GUI tools read SCHEMATA,
// TABLES, COLUMNS, STATISTICS, TABLE_CONSTRAINTS and KEY_COLUMN_USAGE, and an empty
// TRIGGERS, ROUTINES and EVENTS.

type isTable struct {
	cols []sqlite.MemoryColumn
	rows func(s *Session) [][]any
}

func isCols(spec string) []sqlite.MemoryColumn {
	var out []sqlite.MemoryColumn
	for _, f := range strings.Split(spec, ",") {
		name, typ, _ := strings.Cut(strings.TrimSpace(f), " ")
		out = append(out, sqlite.MemoryColumn{Name: name, Type: typ})
	}
	return out
}

const (
	isDefaultCharset   = "utf8mb4"
	isDefaultCollation = "utf8mb4_general_ci"
)

var infoSchemaTables = map[string]isTable{
	"SCHEMATA": {isCols("CATALOG_NAME VARCHAR(512), SCHEMA_NAME VARCHAR(64), DEFAULT_CHARACTER_SET_NAME VARCHAR(32), " +
		"DEFAULT_COLLATION_NAME VARCHAR(64), SQL_PATH VARCHAR(512)"), schemataRows},
	"TABLES": {isCols("TABLE_CATALOG VARCHAR(512), TABLE_SCHEMA VARCHAR(64), TABLE_NAME VARCHAR(64), TABLE_TYPE VARCHAR(64), " +
		"ENGINE VARCHAR(64), VERSION BIGINT, ROW_FORMAT VARCHAR(10), TABLE_ROWS BIGINT, AUTO_INCREMENT BIGINT, " +
		"CREATE_TIME DATETIME, UPDATE_TIME DATETIME, TABLE_COLLATION VARCHAR(64), TABLE_COMMENT VARCHAR(2048)"), tablesRows},
	"COLUMNS": {isCols("TABLE_CATALOG VARCHAR(512), TABLE_SCHEMA VARCHAR(64), TABLE_NAME VARCHAR(64), COLUMN_NAME VARCHAR(64), " +
		"ORDINAL_POSITION BIGINT, COLUMN_DEFAULT LONGTEXT, IS_NULLABLE VARCHAR(3), DATA_TYPE VARCHAR(64), " +
		"CHARACTER_MAXIMUM_LENGTH BIGINT, CHARACTER_OCTET_LENGTH BIGINT, NUMERIC_PRECISION BIGINT, NUMERIC_SCALE BIGINT, " +
		"DATETIME_PRECISION BIGINT, CHARACTER_SET_NAME VARCHAR(32), COLLATION_NAME VARCHAR(64), COLUMN_TYPE LONGTEXT, " +
		"COLUMN_KEY VARCHAR(3), EXTRA VARCHAR(80), PRIVILEGES VARCHAR(80), COLUMN_COMMENT VARCHAR(1024), " +
		"GENERATION_EXPRESSION LONGTEXT"), columnsRows},
	"STATISTICS": {isCols("TABLE_CATALOG VARCHAR(512), TABLE_SCHEMA VARCHAR(64), TABLE_NAME VARCHAR(64), NON_UNIQUE BIGINT, " +
		"INDEX_SCHEMA VARCHAR(64), INDEX_NAME VARCHAR(64), SEQ_IN_INDEX BIGINT, COLUMN_NAME VARCHAR(64), COLLATION VARCHAR(1), " +
		"CARDINALITY BIGINT, SUB_PART BIGINT, PACKED VARCHAR(10), NULLABLE VARCHAR(3), INDEX_TYPE VARCHAR(16), " +
		"COMMENT VARCHAR(16), INDEX_COMMENT VARCHAR(1024)"), statisticsRows},
	"TABLE_CONSTRAINTS": {isCols("CONSTRAINT_CATALOG VARCHAR(512), CONSTRAINT_SCHEMA VARCHAR(64), CONSTRAINT_NAME VARCHAR(64), " +
		"TABLE_SCHEMA VARCHAR(64), TABLE_NAME VARCHAR(64), CONSTRAINT_TYPE VARCHAR(64)"), constraintRows},
	"KEY_COLUMN_USAGE": {isCols("CONSTRAINT_CATALOG VARCHAR(512), CONSTRAINT_SCHEMA VARCHAR(64), CONSTRAINT_NAME VARCHAR(64), " +
		"TABLE_CATALOG VARCHAR(512), TABLE_SCHEMA VARCHAR(64), TABLE_NAME VARCHAR(64), COLUMN_NAME VARCHAR(64), " +
		"ORDINAL_POSITION BIGINT, POSITION_IN_UNIQUE_CONSTRAINT BIGINT, REFERENCED_TABLE_SCHEMA VARCHAR(64), " +
		"REFERENCED_TABLE_NAME VARCHAR(64), REFERENCED_COLUMN_NAME VARCHAR(64)"), keyColumnRows},
	// blocksql has no triggers, stored routines or events (their CREATE is
	// refused), so these are empty: dump tools and ORMs read them.
	"TRIGGERS": {isCols("TRIGGER_CATALOG VARCHAR(512), TRIGGER_SCHEMA VARCHAR(64), TRIGGER_NAME VARCHAR(64), " +
		"EVENT_MANIPULATION VARCHAR(6), EVENT_OBJECT_CATALOG VARCHAR(512), EVENT_OBJECT_SCHEMA VARCHAR(64), " +
		"EVENT_OBJECT_TABLE VARCHAR(64), ACTION_ORDER BIGINT, ACTION_CONDITION LONGTEXT, ACTION_STATEMENT LONGTEXT, " +
		"ACTION_ORIENTATION VARCHAR(9), ACTION_TIMING VARCHAR(6), ACTION_REFERENCE_OLD_TABLE VARCHAR(64), " +
		"ACTION_REFERENCE_NEW_TABLE VARCHAR(64), ACTION_REFERENCE_OLD_ROW VARCHAR(3), ACTION_REFERENCE_NEW_ROW VARCHAR(3), " +
		"CREATED DATETIME, SQL_MODE VARCHAR(8192), DEFINER VARCHAR(384), CHARACTER_SET_CLIENT VARCHAR(32), " +
		"COLLATION_CONNECTION VARCHAR(64), DATABASE_COLLATION VARCHAR(64)"), none},
	"ROUTINES": {isCols("SPECIFIC_NAME VARCHAR(64), ROUTINE_CATALOG VARCHAR(512), ROUTINE_SCHEMA VARCHAR(64), " +
		"ROUTINE_NAME VARCHAR(64), ROUTINE_TYPE VARCHAR(13), DATA_TYPE VARCHAR(64), CHARACTER_MAXIMUM_LENGTH BIGINT, " +
		"CHARACTER_OCTET_LENGTH BIGINT, NUMERIC_PRECISION BIGINT, NUMERIC_SCALE BIGINT, DATETIME_PRECISION BIGINT, " +
		"CHARACTER_SET_NAME VARCHAR(64), COLLATION_NAME VARCHAR(64), DTD_IDENTIFIER LONGTEXT, ROUTINE_BODY VARCHAR(8), " +
		"ROUTINE_DEFINITION LONGTEXT, EXTERNAL_NAME VARCHAR(64), EXTERNAL_LANGUAGE VARCHAR(64), PARAMETER_STYLE VARCHAR(8), " +
		"IS_DETERMINISTIC VARCHAR(3), SQL_DATA_ACCESS VARCHAR(64), SQL_PATH VARCHAR(64), SECURITY_TYPE VARCHAR(7), " +
		"CREATED DATETIME, LAST_ALTERED DATETIME, SQL_MODE VARCHAR(8192), ROUTINE_COMMENT LONGTEXT, DEFINER VARCHAR(384), " +
		"CHARACTER_SET_CLIENT VARCHAR(32), COLLATION_CONNECTION VARCHAR(64), DATABASE_COLLATION VARCHAR(64)"), none},
	"EVENTS": {isCols("EVENT_CATALOG VARCHAR(64), EVENT_SCHEMA VARCHAR(64), EVENT_NAME VARCHAR(64), DEFINER VARCHAR(384), " +
		"TIME_ZONE VARCHAR(64), EVENT_BODY VARCHAR(8), EVENT_DEFINITION LONGTEXT, EVENT_TYPE VARCHAR(9), EXECUTE_AT DATETIME, " +
		"INTERVAL_VALUE VARCHAR(256), INTERVAL_FIELD VARCHAR(18), SQL_MODE VARCHAR(8192), STARTS DATETIME, ENDS DATETIME, " +
		"STATUS VARCHAR(18), ON_COMPLETION VARCHAR(12), CREATED DATETIME, LAST_ALTERED DATETIME, LAST_EXECUTED DATETIME, " +
		"EVENT_COMMENT VARCHAR(64), ORIGINATOR BIGINT, CHARACTER_SET_CLIENT VARCHAR(32), COLLATION_CONNECTION VARCHAR(64), " +
		"DATABASE_COLLATION VARCHAR(64)"), none},
}

func none(*Session) [][]any { return nil }

// infoSchemaRead answers a read of information_schema tables only; mixed
// with user tables it is refused (the two live in different databases).
// handled is false when the read names no information_schema table.
func (s *Session) infoSchemaRead(ctx context.Context, stmt ast.StmtNode) (res *Result, handled bool, err error) {
	var names []string
	others := false
	for _, t := range replay.TablesOf(stmt) {
		db, name, _ := drivers.SplitQualified(t)
		if strings.EqualFold(db, infoSchema) {
			names = append(names, strings.ToUpper(name))
		} else {
			others = true
		}
	}
	if len(names) == 0 {
		return nil, false, nil
	}
	if others {
		return nil, true, notSupported("information_schema cannot be joined with user tables in one query; read it on its own")
	}
	mem, err := sqlite.OpenMemory()
	if err != nil {
		return nil, true, err
	}
	defer mem.Close()
	made := map[string]bool{}
	for _, name := range names {
		if made[name] {
			continue
		}
		made[name] = true
		t, ok := infoSchemaTables[name]
		if !ok {
			return nil, true, drivers.Errorf(1109, "42S02", "Unknown table '%s' in information_schema", strings.ToLower(name))
		}
		if err := mem.Create(ctx, infoSchema, name, t.cols, t.rows(s)); err != nil {
			return nil, true, err
		}
	}
	rows, err := mem.Query(ctx, stmt)
	if err != nil {
		return nil, true, queryError(err)
	}
	defer rows.Close()
	res, err = scanRows(rows)
	return res, true, err
}

// userTables visits every user table in catalog order.
func (s *Session) userTables(visit func(t *replay.TableDef)) {
	cat := s.db.Catalog()
	for _, db := range cat.Databases() {
		for _, name := range cat.Tables(db) {
			if t, ok := cat.Table(db, name); ok {
				visit(t)
			}
		}
	}
}

func schemataRows(s *Session) [][]any {
	var rows [][]any
	for _, db := range s.allDatabases() {
		rows = append(rows, []any{"def", db, isDefaultCharset, isDefaultCollation, nil})
	}
	return rows
}

func tablesRows(s *Session) [][]any {
	var rows [][]any
	s.userTables(func(t *replay.TableDef) {
		var auto any
		if next := s.autoIncrement(t); next > 0 {
			auto = int64(next)
		}
		if t.View != nil {
			rows = append(rows, []any{"def", t.DB, t.Name, "VIEW", nil, nil, nil, nil, nil, nil, nil, nil, "VIEW"})
			return
		}
		rows = append(rows, []any{"def", t.DB, t.Name, "BASE TABLE", "InnoDB", int64(10), "Dynamic", nil, auto,
			nil, nil, isDefaultCollation, ""})
	})
	return rows
}

func columnsRows(s *Session) [][]any {
	var rows [][]any
	s.userTables(func(t *replay.TableDef) {
		for i, c := range t.Columns {
			r := columnRow(t, c, true) // Field, Type, Collation, Null, Key, Default, Extra, Privileges, Comment
			base, args, _ := splitType(c.Type)
			charLen, octets, prec, scale, dtPrec := typeMetrics(base, args)
			var charset any
			if r[2] != nil {
				charset = isDefaultCharset
			}
			rows = append(rows, []any{"def", t.DB, t.Name, c.Name, int64(i + 1), r[5], r[3], strings.ToLower(base),
				charLen, octets, prec, scale, dtPrec, charset, r[2], r[1], r[4], r[6], r[7], "", ""})
		}
	})
	return rows
}

// typeMetrics gives the length, precision and scale columns of COLUMNS
// for a MySQL type, as MySQL reports them (nil where they do not apply).
func typeMetrics(base, args string) (charLen, octets, prec, scale, dtPrec any) {
	nums := []int64{}
	for _, a := range strings.Split(args, ",") {
		if n, err := strconv.ParseInt(strings.TrimSpace(a), 10, 64); err == nil {
			nums = append(nums, n)
		}
	}
	arg := func(i int, def int64) int64 {
		if i < len(nums) {
			return nums[i]
		}
		return def
	}
	switch {
	case intPrec[base] > 0:
		return nil, nil, intPrec[base], int64(0), nil
	case base == "DECIMAL" || base == "NUMERIC" || base == "DEC":
		return nil, nil, arg(0, 10), arg(1, 0), nil
	case base == "FLOAT":
		return nil, nil, int64(12), nil, nil
	case base == "DOUBLE" || base == "REAL" || base == "DOUBLE PRECISION":
		return nil, nil, int64(22), nil, nil
	case base == "DATETIME" || base == "TIMESTAMP" || base == "TIME":
		return nil, nil, nil, nil, arg(0, 0)
	case base == "CHAR" || base == "VARCHAR":
		n := arg(0, 1)
		return n, n * 4, nil, nil, nil
	case base == "BINARY" || base == "VARBINARY":
		n := arg(0, 1)
		return n, n, nil, nil, nil
	}
	if n, ok := lobLength[base]; ok {
		return n, n, nil, nil, nil
	}
	return nil, nil, nil, nil, nil
}

// intPrec is the NUMERIC_PRECISION MySQL reports for integer types.
var intPrec = map[string]int64{"TINYINT": 3, "BOOL": 3, "BOOLEAN": 3, "SMALLINT": 5, "MEDIUMINT": 7,
	"INT": 10, "INTEGER": 10, "BIGINT": 19}

// lobLength is the maximum length MySQL reports for TEXT and BLOB types.
var lobLength = map[string]int64{"TINYTEXT": 255, "TEXT": 65535, "MEDIUMTEXT": 16777215, "LONGTEXT": 4294967295,
	"TINYBLOB": 255, "BLOB": 65535, "MEDIUMBLOB": 16777215, "LONGBLOB": 4294967295}

// keys lists a table's primary key and indexes as (unique, name, columns).
func keys(t *replay.TableDef, visit func(unique bool, name string, cols []string)) {
	if len(t.PrimaryKey) > 0 {
		visit(true, "PRIMARY", t.PrimaryKey)
	}
	for _, ix := range t.Indexes {
		visit(ix.Unique, ix.Name, ix.Columns)
	}
}

func statisticsRows(s *Session) [][]any {
	var rows [][]any
	s.userTables(func(t *replay.TableDef) {
		keys(t, func(unique bool, name string, cols []string) {
			for i, col := range cols {
				r := indexRow(t, unique, name, i+1, col) // Table, Non_unique, Key_name, Seq, Column, Collation, Cardinality, Sub_part, Packed, Null, Index_type, Comment, Index_comment
				rows = append(rows, []any{"def", t.DB, t.Name, r[1], t.DB, name, r[3], col, r[5], nil, nil, nil, r[9], r[10], r[11], r[12]})
			}
		})
	})
	return rows
}

func constraintRows(s *Session) [][]any {
	var rows [][]any
	s.userTables(func(t *replay.TableDef) {
		keys(t, func(unique bool, name string, _ []string) {
			switch {
			case name == "PRIMARY":
				rows = append(rows, []any{"def", t.DB, name, t.DB, t.Name, "PRIMARY KEY"})
			case unique:
				rows = append(rows, []any{"def", t.DB, name, t.DB, t.Name, "UNIQUE"})
			}
		})
	})
	return rows
}

func keyColumnRows(s *Session) [][]any {
	var rows [][]any
	s.userTables(func(t *replay.TableDef) {
		keys(t, func(unique bool, name string, cols []string) {
			if !unique {
				return
			}
			for i, col := range cols {
				rows = append(rows, []any{"def", t.DB, name, "def", t.DB, t.Name, col, int64(i + 1), nil, nil, nil, nil})
			}
		})
	})
	return rows
}
