package sqlite

import (
	"context"
	"errors"
	"strings"

	"github.com/blocksql/blocksql/drivers"
	"github.com/mattn/go-sqlite3"
)

// mapError turns an SQLite error into the *drivers.Error MySQL would have
// reported for the same statement. Errors that are not about the statement
// (I/O, disk full, corruption, a closed database) are returned unchanged:
// the node must halt on them rather than record them as an outcome. l, when
// not nil, is the transaction the statement ran in, used to name keys.
func mapError(err error, l *execLog) error {
	var de *drivers.Error
	if errors.As(err, &de) {
		return de
	}
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code {
	case sqlite3.ErrConstraint:
		return constraintError(se, l)
	case sqlite3.ErrError, sqlite3.ErrMismatch, sqlite3.ErrRange, sqlite3.ErrTooBig:
		return sqlError(se.Error())
	case sqlite3.ErrSchema:
		// A reader's statement that SQLite prepared again because a block
		// changed the schema meanwhile fails with the new preparation's
		// error ("no such table") under this code.
		var de *drivers.Error
		if errors.As(sqlError(se.Error()), &de) && de.Code != drivers.ErUnknown {
			return de
		}
	}
	return err
}

// after returns what follows prefix in msg, if msg starts with it.
func after(msg, prefix string) (string, bool) {
	if strings.HasPrefix(msg, prefix) {
		return strings.Trim(msg[len(prefix):], `"`), true
	}
	return "", false
}

// lastPart is the column of "db.table.column".
func lastPart(s string) string { return s[strings.LastIndexByte(s, '.')+1:] }

func sqlError(msg string) error {
	if s, ok := after(msg, "no such table: "); ok {
		db, table := splitPhysical(s)
		return drivers.Errorf(drivers.ErNoSuchTable, "42S02", "Table '%s.%s' doesn't exist", db, table)
	}
	if s, ok := after(msg, "table "); ok && strings.HasSuffix(s, " already exists") {
		s = strings.Trim(strings.TrimSuffix(s, " already exists"), `"`)
		_, table := splitPhysical(s)
		return drivers.Errorf(drivers.ErTableExists, "42S01", "Table '%s' already exists", table)
	}
	if s, ok := after(msg, "there is already another table or index with this name: "); ok {
		_, table := splitPhysical(s)
		return drivers.Errorf(drivers.ErTableExists, "42S01", "Table '%s' already exists", table)
	}
	if s, ok := after(msg, nullKey); ok {
		return drivers.Errorf(drivers.ErBadNull, "23000", "Column '%s' cannot be null", s)
	}
	if s, ok := after(msg, keyRange); ok {
		return drivers.Errorf(drivers.ErWarnDataOutOfRange, "22003", "Out of range value for column '%s' at row 1", s)
	}
	if s, ok := after(msg, badTime); ok {
		return drivers.Errorf(drivers.ErTruncatedWrongDate, "22007", "Incorrect time value for column '%s' at row 1", s)
	}
	if s, ok := after(msg, memberError); ok {
		return drivers.Errorf(drivers.ErWarnDataTruncated, "01000", "Data truncated for column '%s' at row 1", s)
	}
	if s, ok := after(msg, badString); ok {
		col, part, _ := strings.Cut(s, "\t")
		return drivers.Errorf(drivers.ErTruncatedWrong, "22007", "Incorrect string value: '%s' for column %s at row 1", part, col)
	}
	if s, ok := after(msg, tooLong); ok {
		return drivers.Errorf(drivers.ErDataTooLong, "22001", "Data too long for column '%s' at row 1", s)
	}
	if s, ok := after(msg, "no such column: "); ok {
		return drivers.Errorf(drivers.ErBadField, "42S22", "Unknown column '%s' in 'field list'", s)
	}
	if s, ok := after(msg, "no such function: "); ok {
		return drivers.Errorf(drivers.ErSpDoesNotExist, "42000", "FUNCTION %s does not exist", s)
	}
	if s, ok := after(msg, "ambiguous column name: "); ok {
		return drivers.Errorf(drivers.ErNonUniq, "23000", "Column '%s' in field list is ambiguous", s)
	}
	if s, ok := after(msg, "duplicate column name: "); ok {
		return drivers.Errorf(drivers.ErDupFieldName, "42S21", "Duplicate column name '%s'", s)
	}
	if s, ok := after(msg, "index "); ok && strings.HasSuffix(s, " already exists") {
		s = strings.Trim(strings.TrimSuffix(s, " already exists"), `"`)
		return drivers.Errorf(drivers.ErDupKeyName, "42000", "Duplicate key name '%s'", lastPart(s))
	}
	if s, ok := after(msg, "no such index: "); ok {
		return drivers.Errorf(drivers.ErCantDropKey, "42000", "Can't DROP INDEX `%s`; check that it exists", lastPart(s))
	}
	switch {
	case strings.HasPrefix(msg, badDatePrefix), strings.HasPrefix(msg, truncatedPrefix):
		return drivers.Errorf(drivers.ErTruncatedWrongDate, "22007", "%s", msg)
	case msg == decimalOverflow, strings.HasPrefix(msg, intOverflowPrefix):
		return drivers.Errorf(1916, "22003", "%s", msg)
	case msg == divisionByZero:
		return drivers.Errorf(drivers.ErDivByZero, "22012", "%s", msg)
	case msg == dateOverflowError, msg == timeOverflowError:
		return drivers.Errorf(1441, "22008", "%s", msg)
	case strings.HasPrefix(msg, bigintRangePrefix), strings.HasPrefix(msg, bigintUnsignedRangePrefix),
		strings.HasPrefix(msg, doubleRangePrefix):
		return drivers.Errorf(drivers.ErDataOutOfRange, "22003", "%s", msg)
	case strings.Contains(msg, "syntax error"), strings.Contains(msg, "incomplete input"):
		return drivers.Errorf(drivers.ErParse, "42000", "You have an error in your SQL syntax: %s", msg)
	case strings.Contains(msg, "values were supplied"), strings.Contains(msg, " values for "),
		strings.Contains(msg, "must have the same number of terms"):
		return drivers.Errorf(drivers.ErWrongValueCount, "21S01", "Column count doesn't match value count at row 1")
	case strings.Contains(msg, "sub-select returns"), strings.Contains(msg, "row value misused"):
		return drivers.Errorf(1241, "21000", "Operand should contain 1 column(s)")
	}
	return drivers.Errorf(drivers.ErUnknown, "HY000", "%s", msg)
}

func constraintError(se sqlite3.Error, l *execLog) error {
	msg := se.Error()
	switch se.ExtendedCode {
	case sqlite3.ErrConstraintPrimaryKey, sqlite3.ErrConstraintUnique, sqlite3.ErrConstraintRowID:
		s, _ := after(msg, "UNIQUE constraint failed: ")
		key := "PRIMARY"
		if se.ExtendedCode == sqlite3.ErrConstraintUnique {
			key = keyName(s, l)
		}
		// The value is added by describeDup where the statement allows.
		return drivers.Errorf(drivers.ErDupEntry, "23000", "Duplicate entry for key '%s'", key)
	case sqlite3.ErrConstraintNotNull:
		s, _ := after(msg, "NOT NULL constraint failed: ")
		return drivers.Errorf(drivers.ErBadNull, "23000", "Column '%s' cannot be null", lastPart(s))
	case sqlite3.ErrConstraintCheck:
		s, _ := after(msg, "CHECK constraint failed: ")
		return checkError(s)
	case sqlite3.ErrConstraintForeignKey:
		return drivers.Errorf(drivers.ErNoReferencedRow, "23000", "Cannot add or update a child row: a foreign key constraint fails")
	}
	return drivers.Errorf(drivers.ErUnknown, "HY000", "%s", msg)
}

// checkError maps a failed CHECK back to the strict-mode error it emulates
// (the constraint names are written by typeChecks).
func checkError(name string) error {
	kind, col, _ := strings.Cut(name, ":")
	switch kind + ":" {
	case chkInt:
		return drivers.Errorf(drivers.ErTruncatedWrong, "22007", "Incorrect integer value for column '%s' at row 1", col)
	case chkNum:
		return drivers.Errorf(drivers.ErTruncatedWrong, "22007", "Incorrect decimal value for column '%s' at row 1", col)
	case chkReal:
		return drivers.Errorf(drivers.ErTruncatedWrong, "22007", "Incorrect double value for column '%s' at row 1", col)
	case chkRange:
		return drivers.Errorf(drivers.ErWarnDataOutOfRange, "22003", "Out of range value for column '%s' at row 1", col)
	case chkLen:
		return drivers.Errorf(drivers.ErDataTooLong, "22001", "Data too long for column '%s' at row 1", col)
	case chkDate:
		return drivers.Errorf(drivers.ErTruncatedWrongDate, "22007", "Incorrect datetime value for column '%s' at row 1", col)
	case chkEnum, chkTrunc:
		return drivers.Errorf(drivers.ErWarnDataTruncated, "01000", "Data truncated for column '%s' at row 1", col)
	case chkJSON:
		return drivers.Errorf(drivers.ErCheckConstraint, "23000", "CONSTRAINT `%s` failed: not a JSON document", col)
	}
	return drivers.Errorf(drivers.ErCheckConstraint, "23000", "CONSTRAINT `%s` failed", col)
}

// keyName finds the MySQL name of the unique index over the columns SQLite
// lists as "db.table.a, db.table.b".
func keyName(list string, l *execLog) string {
	parts := strings.Split(list, ", ")
	cols := make([]string, len(parts))
	for i, p := range parts {
		cols[i] = lastPart(p)
	}
	table := strings.TrimSuffix(parts[0], "."+cols[0])
	if l == nil {
		return cols[0]
	}
	idx, err := l.indexes(context.Background(), table)
	if err != nil {
		return cols[0]
	}
	for _, ix := range idx {
		if ix.unique && strings.EqualFold(strings.Join(ix.columns, ","), strings.Join(cols, ",")) {
			return ix.name
		}
	}
	return cols[0]
}
