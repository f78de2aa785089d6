package proxy

import (
	"github.com/blocksql/blocksql/drivers"

	"github.com/pingcap/tidb/pkg/parser/mysql"
)

// ServerVersion is the version every frontend reports. Drivers parse the
// leading "8.0.36" to pick features, so it must look like a MySQL 8 version.
const ServerVersion = "8.0.36-blocksql"

// versionComment is @@version_comment, printed by the mariadb/mysql CLI banner.
const versionComment = "blocksql: SQL on a BFT-ordered log"

// Result is the answer to one statement, independent of the wire protocol.
// A result set has Columns (possibly with no Rows); an OK answer has none.
type Result struct {
	Columns []Column
	// Rows hold nil, int64, uint64, float64, string or []byte, already in the
	// form the column's MySQL type is sent in (dates are formatted strings).
	Rows         [][]any
	RowsAffected uint64
	LastInsertID uint64
	// Info is the text MySQL's OK packet carries after some writes
	// ("Rows matched: 2  Changed: 1  Warnings: 0" after an UPDATE).
	Info     string
	Status   Status
	Warnings []Warning
}

// IsResultSet reports whether the answer is a result set (SELECT, SHOW).
func (r *Result) IsResultSet() bool { return r != nil && r.Columns != nil }

// Column describes one result column in MySQL terms.
type Column struct {
	Name     string
	Schema   string // only for COM_FIELD_LIST and catalog-backed answers
	Table    string
	Type     byte // a MySQL field type (parser/mysql Type* constants)
	Flags    uint16
	Length   uint32
	Decimals uint8
	// Binary marks binary (charset 63) strings and numbers; others are utf8mb4.
	Binary bool
}

// Status is the session state a frontend reports after each statement
// (MySQL's SERVER_STATUS_IN_TRANS and SERVER_STATUS_AUTOCOMMIT).
type Status struct {
	InTransaction bool
	Autocommit    bool
}

// Warning is one row of SHOW WARNINGS.
type Warning struct {
	Level   string // "Note", "Warning" or "Error"
	Code    uint16
	Message string
}

// Warning codes blocksql reports.
const (
	warnIgnoredLock       = 1235 // FOR UPDATE / LOCK IN SHARE MODE had no effect
	warnForeignKeyIgnored = 1235 // a FOREIGN KEY was left out of the table
)

// notFixedDec is MySQL's "decimals" value for columns with no fixed scale.
const notFixedDec = 31

// varcharColumn is a text column as SHOW and constant answers return it.
func varcharColumn(name string) Column {
	return Column{Name: name, Type: mysql.TypeVarString, Length: 256}
}

// bigintColumn is an integer column as SHOW and constant answers return it.
func bigintColumn(name string) Column {
	return Column{Name: name, Type: mysql.TypeLonglong, Length: 21, Binary: true,
		Flags: uint16(mysql.NumFlag)}
}

// textResult builds a result set of VARCHAR columns; int64 and uint64
// cells keep their type so clients see numbers where MySQL sends them.
func textResult(names []string, rows [][]any) *Result {
	cols := make([]Column, len(names))
	for i, n := range names {
		cols[i] = varcharColumn(n)
		if len(rows) > 0 && isInteger(rows[0][i]) {
			cols[i] = bigintColumn(n)
		}
	}
	if rows == nil {
		rows = [][]any{}
	}
	return &Result{Columns: cols, Rows: rows}
}

func isInteger(v any) bool {
	switch v.(type) {
	case int64, uint64:
		return true
	}
	return false
}

// TextValue renders a row value as MySQL's text protocol sends it.
func TextValue(c Column, v any) string {
	f, ok := v.(float64)
	switch {
	case ok && (c.Type == mysql.TypeDouble || c.Type == mysql.TypeFloat) && c.Decimals < notFixedDec:
		// ROUND(f, 2), CEIL(f) / 3, a DOUBLE(10,4) or FLOAT(7,2) column:
		// MySQL prints such a number with its fixed digits after the point.
		return drivers.FixedDouble(f, int(c.Decimals))
	case ok && c.Type == mysql.TypeFloat:
		return drivers.FormatFloat(f)
	}
	if c.Type == mysql.TypeYear && (v == int64(0) || v == uint64(0)) {
		return "0000" // the zero year; every other one has 4 digits
	}
	return valueString(v)
}
