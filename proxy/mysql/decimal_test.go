package mysql_test

import (
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	gomysql "github.com/go-sql-driver/mysql"

	mysqlfront "github.com/blocksql/blocksql/proxy/mysql"
)

// TestDecimalExact checks DECIMAL through the MySQL frontend as a
// go-sql-driver client sees it: exact values as text at the scale of their
// type, and each column's DECIMAL precision and scale, the same on every
// backend.
func TestDecimalExact(t *testing.T) { forEachBackend(t, testDecimalExact) }

func testDecimalExact(t *testing.T, backend string) {
	n := startNodeOn(t, mysqlfront.Config{}, backend)
	db := n.open(t, "root", "", "")
	db.SetMaxOpenConns(1)
	mustExec(t, db, "CREATE DATABASE bank")
	mustExec(t, db, "USE bank")
	mustExec(t, db, "CREATE TABLE acct (id INT PRIMARY KEY, bal DECIMAL(20,2), salary DECIMAL(10,2))")
	mustExec(t, db, "INSERT INTO acct VALUES (1, 12345678901234567.89, 120000.50), (2, 0.10, 95000), (3, 0.20, NULL)")
	mustExec(t, db, "UPDATE acct SET bal = bal - 0.10 WHERE id = 3")
	q := "SELECT MAX(bal), SUM(bal), COALESCE(SUM(salary), 0), AVG(salary), 7 / 2, MIN(IFNULL(salary, -1)) FROM acct"
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	types, _ := rows.ColumnTypes()
	var got []string
	for _, ct := range types {
		p, s, _ := ct.DecimalSize()
		got = append(got, fmt.Sprintf("%s(%d,%d)", ct.DatabaseTypeName(), p, s))
	}
	rows.Close()
	want := []string{"DECIMAL(20,2)", "DECIMAL(42,2)", "DECIMAL(32,2)", "DECIMAL(14,6)", "DECIMAL(5,4)", "DECIMAL(10,2)"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("column types %v, want %v", got, want)
	}
	vals := queryStrings(t, db, q)
	wantVals := [][]string{{"12345678901234567.89", "12345678901234568.09", "215000.50", "107500.250000", "3.5000", "-1.00"}}
	if !reflect.DeepEqual(vals, wantVals) {
		t.Errorf("values %v, want %v", vals, wantVals)
	}
	// A SELECT of literals only, which the proxy answers itself.
	rows, err = db.Query("SELECT 1.50, 0.1")
	if err != nil {
		t.Fatal(err)
	}
	types, _ = rows.ColumnTypes()
	for i, want := range [][2]int64{{3, 2}, {2, 1}} {
		if p, s, _ := types[i].DecimalSize(); types[i].DatabaseTypeName() != "DECIMAL" || p != want[0] || s != want[1] {
			t.Errorf("literal column %d: %s(%d,%d), want DECIMAL(%d,%d)", i, types[i].DatabaseTypeName(), p, s, want[0], want[1])
		}
	}
	rows.Close()
	// A prepared statement (binary protocol) with the factor bound.
	vals = queryStrings(t, db, "SELECT bal * ?, bal / ? FROM acct WHERE id = ?", 2, 4, 1)
	wantVals = [][]string{{"24691357802469135.78", "3086419725308641.972500"}}
	if !reflect.DeepEqual(vals, wantVals) {
		t.Errorf("prepared values %v, want %v", vals, wantVals)
	}
}

// TestLiteralsAndReadErrors checks what a client sees of literals and of a
// read the database refuses, as MariaDB answers them: a DECIMAL literal
// through a prepared statement is an exact DECIMAL, an integer literal is
// INT, and DIV out of BIGINT's range fails with 1690 on every backend.
func TestLiteralsAndReadErrors(t *testing.T) { forEachBackend(t, testLiteralsAndReadErrors) }

func testLiteralsAndReadErrors(t *testing.T, backend string) {
	n := startNodeOn(t, mysqlfront.Config{}, backend)
	db := n.open(t, "root", "", "")
	db.SetMaxOpenConns(1)
	mustExec(t, db, "CREATE DATABASE bank")
	mustExec(t, db, "USE bank")
	mustExec(t, db, "CREATE TABLE acct (id INT PRIMARY KEY, bal DECIMAL(20,2))")
	mustExec(t, db, "INSERT INTO acct VALUES (1, 12345678901234567.89)")
	for _, q := range []string{"SELECT 9223372036854775807 DIV 0.1", "SELECT bal DIV 0.001 FROM acct"} {
		rows, err := db.Query(q)
		if err == nil {
			rows.Close()
		}
		var me *gomysql.MySQLError
		if !errors.As(err, &me) || me.Number != 1690 {
			t.Errorf("%s: %v, want error 1690", q, err)
		}
	}
	// The same literals as text (plain query) and prepared (binary protocol).
	q := "SELECT 2.50, 12345678901234567.89, 1"
	bothProtocols(t, db, q, func(rows *sql.Rows) {
		got := typesAndCells(t, rows, func(ct *sql.ColumnType) string {
			p, s, _ := ct.DecimalSize()
			return fmt.Sprintf("%s(%d,%d)", ct.DatabaseTypeName(), p, s)
		})
		want := []string{"DECIMAL(3,2)", "DECIMAL(19,2)", "INT(0,0)", "2.50", "12345678901234567.89", "1"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: columns and values %v, want %v", q, got, want)
		}
	})
}

// TestInsertSelectStoresQuotientDigits: an INSERT ... SELECT stores a
// DECIMAL quotient with the digits MariaDB computed it with, converted to
// each column, not first rounded to its type's scale as a client is shown
// it. A SQLite node stored 174.035 (from 0.0345) where MariaDB stores
// 174.034, 0.0345 in a DOUBLE, 0.0345 in a VARCHAR and 1 in an INT for
// 0.49996 (differential seed 1077's sqlite-decimal-quotient-double, now
// fixed). A YEAR or DATE column, or a client, still gets the rounded value.
func TestInsertSelectStoresQuotientDigits(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		_, db := appNode(t, backend,
			"CREATE TABLE app.src (id INT PRIMARY KEY, d6 DECIMAL(12,6), ub INT UNSIGNED)",
			"CREATE TABLE app.dst (id INT PRIMARY KEY, r DECIMAL(8,3), f DOUBLE, v VARCHAR(40), i INT, y YEAR, fl FLOAT)")
		mustExec(t, db, "INSERT INTO app.src VALUES (1, 58.000401, 174)")
		mustExec(t, db, "INSERT INTO app.dst (id, r, f, v, i, y, fl) SELECT id, MONTH('2024-02-29') / d6 - -ub, 2 / d6, 1 / 4, "+
			"12499 / 25000, 4049 / 2, 2 / d6 FROM app.src")
		mustExec(t, db, "REPLACE INTO app.dst (id, r, f, v) SELECT id + 1, 2 / d6 - -ub, 1 / 3, -7 / 3 FROM app.src")
		mustExec(t, db, "INSERT INTO app.dst (id, r, i) SELECT id + 2, 2 / d6 - -ub, -12499 / 25000 FROM app.src "+
			"ON DUPLICATE KEY UPDATE r = 0")
		got := queryStrings(t, db, "SELECT id, r, f, v, i, y, fl FROM app.dst ORDER BY id")
		want := [][]string{
			{"1", "174.034", "0.0344825202156792", "0.250000000", "0", "2025", "0.0344825"},
			{"2", "174.034", "0.333333333", "-2.333333333", "NULL", "NULL", "NULL"},
			{"3", "174.034", "NULL", "NULL", "0", "NULL", "NULL"},
		}
		if !sameRows(got, want) {
			t.Errorf("got %q, want %q", got, want)
		}
		if got := queryStrings(t, db, "SELECT 2 / d6, 2 / d6 - -ub FROM app.src"); !sameRows(got, [][]string{{"0.0345", "174.0345"}}) {
			t.Errorf("selected: got %q, want the type's scale", got)
		}
	})
}

// TestInsertSelectDecimalIntoMembers: a DECIMAL selected into an ENUM or a
// SET column names the member of its integer part, as a DECIMAL written by
// VALUES or UPDATE does. A SQLite node read it as a member's name and
// refused it (1265) where MariaDB stored it.
func TestInsertSelectDecimalIntoMembers(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		_, db := appNode(t, backend, "CREATE TABLE app.en (id INT PRIMARY KEY, e ENUM('a','b','c'), s SET('x','y','z'), d DECIMAL(4,1))")
		mustExec(t, db, "INSERT INTO app.en VALUES (1, 'a', 'x', 2.5)")
		mustExec(t, db, "INSERT INTO app.en SELECT 2, d, d, d FROM app.en")
		mustExec(t, db, "INSERT INTO app.en SELECT 3, 3 / 2, 7 / 2, 0 FROM app.en WHERE id = 1")
		mustExec(t, db, "INSERT IGNORE INTO app.en SELECT 4, d + 0.6, 9.5, 1 FROM app.en WHERE id = 1")
		got := queryStrings(t, db, "SELECT e, s FROM app.en ORDER BY id")
		if want := [][]string{{"a", "x"}, {"b", "y"}, {"a", "x,y"}, {"c", "x"}}; !sameRows(got, want) {
			t.Errorf("got %q, want %q", got, want)
		}
	})
}

// TestYearFromFractions: a YEAR column takes a DOUBLE without its
// fraction and a DECIMAL or a string rounded half away from zero, as
// MariaDB does. A SQLite node rounded every one half to even (2024.5 was
// 2024, 2023.5e0 2024).
func TestYearFromFractions(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		_, db := appNode(t, backend, "CREATE TABLE app.y (id INT PRIMARY KEY, y YEAR)")
		mustExec(t, db, "INSERT INTO app.y VALUES (1, '2024.5'), (2, 2024.5), (3, 2024.5e0), (4, '2023.5'), (5, 2023.5e0), "+
			"(6, 2023.7e0), (7, 69.5e0), (8, '69.5'), (9, 69.5), (10, 0.5), (11, 99.5e0)")
		got := queryStrings(t, db, "SELECT y FROM app.y ORDER BY id")
		want := [][]string{{"2025"}, {"2025"}, {"2024"}, {"2024"}, {"2023"}, {"2023"}, {"2069"}, {"1970"}, {"1970"}, {"2001"}, {"1999"}}
		if !sameRows(got, want) {
			t.Errorf("got %q, want %q", got, want)
		}
		_, err := db.Exec("INSERT INTO app.y VALUES (12, -0.4e0)")
		assertCode(t, err, 1264)
	})
}

// TestQuotientDigits: a DECIMAL quotient keeps MariaDB's whole 9-digit
// words of fraction while it is computed with, and shows its type's scale
// (that of x plus 4) only when selected: (10 / 3) * -0.005 is -0.0166667,
// not -0.0166665; d / 3 = 0.4167 is false for d = 1.25 (the quotient is
// 0.416666666…), while the constant 1/3 = 0.3333 is true.
func TestQuotientDigits(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		_, db := appNode(t, backend, "CREATE TABLE app.q (id INT PRIMARY KEY, d DECIMAL(6,2))")
		mustExec(t, db, "INSERT INTO app.q VALUES (1, 1.25)")
		got := queryStrings(t, db, "SELECT (10 / 3) * -0.005, 12345678901234567.89 DIV ((12345678901234567.89 / 9223372036854775807) - ROUND(3, 1)), "+
			"1/3 = 0.3333, d/3, (d/3)*3, d/3 = 0.4167, d/3 < 0.4167, -0.005 DIV (0.1 / 12345678901234567.89), "+
			"CEIL(2.50 / 9223372036854775807), (1.0 / 3.0) * 1000000000000000000000 FROM app.q")
		want := [][]string{{"-0.0166667", "-4117063225606790", "1", "0.416667", "1.250000", "0", "1", "-625000000000000",
			"0", "333333333333333333000.00000"}}
		if !sameRows(got, want) {
			t.Errorf("got %q, want %q", got, want)
		}
		// Through IFNULL or CASE a quotient keeps its digits too.
		got = queryStrings(t, db, "SELECT SIGN(IFNULL(0.1 / 12345678901234567.89, 1)), IFNULL(d/3, 0) = 0.4167, "+
			"CASE WHEN id > 0 THEN d/3 ELSE 0 END < 0.4167, IFNULL(NULL, d) FROM app.q")
		if want := [][]string{{"1", "0", "1", "1.25"}}; !sameRows(got, want) {
			t.Errorf("quotients through choices: got %q, want %q", got, want)
		}
		// A choice computes with the value it chose: an integer has no
		// fraction words, so the quotient of quotients keeps MariaDB's digits.
		got = queryStrings(t, db, "SELECT ((CASE WHEN id > 0 THEN 9223372036854775807 ELSE 2.50 END / (12345678901234567.89 + 9223372036854775807)) / 7) FROM app.q")
		if want := [][]string{{"0.1426661811"}}; !sameRows(got, want) {
			t.Errorf("quotient of a chosen integer: got %q, want %q", got, want)
		}
		// Made a string, a quotient shows its type's scale.
		got = queryStrings(t, db, "SELECT CONCAT_WS(',', 'a', (0.1 / 2.50)), CAST((2.50 / 2.50) AS CHAR), CONCAT(d/3, 'x'), CAST(d/3 AS CHAR) FROM app.q")
		if want := [][]string{{"a,0.04000", "1.000000", "0.416667x", "0.416667"}}; !sameRows(got, want) {
			t.Errorf("quotients as strings: got %q, want %q", got, want)
		}
	})
}

// TestRoundResultTypes: ROUND and TRUNCATE give MariaDB's result types. An
// integer literal keeps its INT (nine characters, sign included) unless
// ROUND to tens may add a digit; a BIGINT rounded to tens is a DECIMAL
// (its value may pass BIGINT's range); a DECIMAL gains a digit only when
// ROUND drops digits after the point (ROUND(ROUND(x)) is DECIMAL(2,0)).
// FLOOR of an UNSIGNED DECIMAL gains none (FLOOR of DECIMAL(10,1)
// UNSIGNED is an INT), CEIL one.
func TestRoundResultTypes(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		_, db := appNode(t, backend, "CREATE TABLE app.r (id INT PRIMARY KEY, b BIGINT, d DECIMAL(6,3), du DECIMAL(10,1) UNSIGNED)")
		mustExec(t, db, "INSERT INTO app.r VALUES (1, 9223372036854775807, 2.567, 7.5)")
		check := typeChecker(t, db)
		check("SELECT ROUND(1, 2), ROUND(12345678, -1), ROUND(-12345678, -1), TRUNCATE(123456789, -1), ROUND(5), "+
			"ROUND(ROUND(2.567)), ROUND(1.25, 3), ROUND(1.25, 40), ROUND(d, 5), ROUND(b, -1), ROUND(b + 0, -1), ROUND(b, 2), "+
			"FLOOR(du), CEIL(du) FROM app.r",
			[]string{"INT", "INT", "BIGINT", "INT", "INT", "DECIMAL(2,0)", "DECIMAL(4,3)", "DECIMAL(39,38)", "DECIMAL(8,5)",
				"DECIMAL(20,0)", "DECIMAL(21,0)", "BIGINT", "UNSIGNED INT", "UNSIGNED BIGINT",
				"1", "12345680", "-12345680", "123456780", "5", "3", "1.250", "1.25000000000000000000000000000000000000", "2.56700",
				"9223372036854775810", "9223372036854775810", "9223372036854775807", "7", "8"})
		// -x is shown a digit wider than a signed x, but computes with x's
		// precision: CEIL(-x) of 17 integer digits is a BIGINT.
		check("SELECT CEIL(-COALESCE(12345678901234567.89, 2)), FLOOR(-COALESCE(d, 2)), -COALESCE(1.5, 2), -du FROM app.r",
			[]string{"BIGINT", "INT", "DECIMAL(3,1)", "DECIMAL(10,1)", "-12345678901234567", "-3", "-1.5", "-7.5"})
		// ABS keeps its argument's width: an INT up to 9 characters, so
		// ROUND of it to tens is an INT, where ABS of an INT column (11
		// wide) is a BIGINT and ROUND of that to tens a DECIMAL.
		check("SELECT ABS(id), ABS(100 DIV -0.005), ROUND(ABS(100 DIV -0.005), -1), ROUND(ABS(id), -1) FROM app.r",
			[]string{"BIGINT", "INT", "INT", "DECIMAL(11,0)", "1", "20000", "20000", "0"})
		// A positive literal rounded has one digit less to MariaDB's
		// arithmetic (its characters leave one for a sign): the remainder
		// of a 19-digit one is DECIMAL(18,1), its FLOOR a BIGINT.
		check("SELECT FLOOR(TRUNCATE(9223372036854775807, 1) % ROUND(2.50, 1)), FLOOR(ROUND(9223372036854775807, 1) % 2.5), "+
			"TRUNCATE(12345, 0) * 1.5, FLOOR(ROUND(-922337203685477580, 1) % 2.5), TRUNCATE(5, 0) + 1.5 FROM app.r",
			[]string{"BIGINT", "BIGINT", "DECIMAL(6,1)", "BIGINT", "DECIMAL(3,1)", "2", "2", "18517.5", "0", "6.5"})
		// FLOOR, CEIL and ABS of a literal keep its type the same way
		// (seed 1081: the first was described as a DECIMAL(19,0)): an
		// IF of a 19-digit one and a DECIMAL is a DECIMAL(18,0), whose
		// FLOOR is a BIGINT; a negative literal keeps all its digits.
		check("SELECT FLOOR(IF(id < 2, TRUNCATE(-0.005, 0), CEIL(9223372036854775807))), IF(id < 2, 0.5, CEIL(999999999)), "+
			"IF(id < 2, 0.5, ABS(-999999999)), CEIL(5) + 1.5, FLOOR(IF(id > 2, 0.5, FLOOR(99999999999999999))) FROM app.r",
			[]string{"BIGINT", "DECIMAL(9,1)", "DECIMAL(10,1)", "DECIMAL(3,1)", "BIGINT", "0", "0.5", "0.5", "6.5", "99999999999999999"})
		// Rounded to tens again, such a literal widens as the literal
		// itself would: past a BIGINT's width a DECIMAL (seed 799, where
		// the value above BIGINT's range was described as a VARCHAR).
		check("SELECT ROUND(ROUND(9223372036854775807, 1), -1), ROUND(ROUND(92233720368547758, 1), -1), "+
			"ROUND(ROUND(123456789, 1), -1), ROUND(TRUNCATE(1234567890, 0), -1), ROUND(ROUND(-12345, 1), -1)",
			[]string{"DECIMAL(19,0)", "DECIMAL(17,0)", "BIGINT", "DECIMAL(10,0)", "INT",
				"9223372036854775810", "92233720368547760", "123456790", "1234567890", "-12350"})
	})
}

// TestIntegerArithmeticTypes: integer arithmetic is described as MariaDB
// describes it, by the digits it can have and not by its value: an INT up
// to 9 characters, a BIGINT past them (1 + 1 and t + 1 of a TINYINT are
// INTs, i + 1 of an INT a BIGINT, a product has both operands' digits), also
// when the value is NULL; a MEDIUMINT has 8 digits. The SQLite node typed
// these by their values (BIGINT, or NULL for a NULL) and a MEDIUMINT with 7.
func TestIntegerArithmeticTypes(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		_, db := appNode(t, backend, "CREATE TABLE app.ia (id INT PRIMARY KEY, ti TINYINT, si SMALLINT, mi MEDIUMINT, i INT, "+
			"uti TINYINT UNSIGNED, usi SMALLINT UNSIGNED, d2 DECIMAL(12,2), fl FLOAT)")
		mustExec(t, db, "INSERT INTO app.ia VALUES (1, 100, 20000, 5000000, NULL, 200, 60000, 12.50, NULL)")
		check := typeChecker(t, db)
		check("SELECT ti + 1, 1 + 1, (i = 1) + 1, i + 1, ti * si, uti + usi, -ti, -(ti * si), -(uti * usi), "+
			"(ti * si) DIV 2, i DIV 2, d2 DIV 1, ABS(ti * si), ABS(-mi) FROM app.ia",
			[]string{"INT", "INT", "INT", "BIGINT", "INT", "UNSIGNED INT", "INT", "BIGINT", "INT", "INT", "BIGINT", "BIGINT", "INT", "BIGINT",
				"101", "2", "", "", "2000000", "60200", "-100", "-2000000", "-12000000", "1000000", "", "12", "2000000", "5000000"})
		check("SELECT mi * 2.50, mi + 0.5, ROUND(mi, -1), ROUND(ti * si, -1), ROUND(i + i, -1), (ti % si) * 1.5, "+
			"(i * i) * 1.5 FROM app.ia",
			[]string{"DECIMAL(11,2)", "DECIMAL(10,1)", "BIGINT", "BIGINT", "DECIMAL(12,0)", "DECIMAL(7,1)", "DECIMAL(22,1)",
				"12500000.00", "5000000.5", "5000000", "2000000", "", "150.0", ""})
		check("SELECT SUM(mi), MAX(ti + 1), SUM(ti * si) FROM app.ia",
			[]string{"DECIMAL(30,0)", "BIGINT", "DECIMAL(30,0)", "5000000", "101", "2000000"})
		// A literal is an INT up to 9 characters, its sign included.
		check("SELECT 1, -1, (123456789), -123456789, 1234567890, -9223372036854775808, 18446744073709551615 FROM app.ia WHERE id = 0",
			[]string{"INT", "INT", "INT", "BIGINT", "BIGINT", "BIGINT", "UNSIGNED BIGINT"})
		// Typed by their values on the SQLite node (documented: sqlite-result-types,
		// sqlite-unsigned-bigint), never as an integer MariaDB does not say: -x of a
		// negative constant is MariaDB's DECIMAL, and an UNSIGNED result past
		// BIGINT's range is a REAL in SQLite (named UNSIGNED BIGINT, ABS of it
		// failed as the proxy read that REAL).
		want := []string{"DECIMAL(4,0)", "UNSIGNED BIGINT", "-4", "9223372036854776007"}
		if backend == "sqlite" {
			want = []string{"BIGINT", "DOUBLE(9223372036854775807,9223372036854775807)", "-4", "9.223372036854776e+18"}
		}
		check("SELECT CEIL(-1) - -FLOOR(-0.005 - 2.50), ABS(uti - -9223372036854775807) FROM app.ia", want)
		// Such a -x in a sum with a DECIMAL of 20 integer digits or more
		// cannot widen it: the DECIMAL's type, which the SQLite node gave
		// as a VARCHAR from a value past BIGINT's range (seeds 891, 893).
		check("SELECT FLOOR((9223372036854775807 / -0.005) - -LENGTH('10')), (9223372036854775807 / -0.005) - -LENGTH('10'), "+
			"CEIL((0.1 + 9223372036854775807) - --2 - -100) FROM app.ia",
			[]string{"DECIMAL(24,0)", "DECIMAL(27,4)", "DECIMAL(23,0)",
				"-1844674407370955161398", "-1844674407370955161398.0000", "9223372036854775906"})
		// Merged, the widest type, whatever the values: a literal is an INT.
		check("SELECT COALESCE(i, ti), COALESCE(i, NULL), CASE WHEN i THEN ti ELSE mi END, IF(id > 0, uti, usi), "+
			"GREATEST(ti, si, 5), IFNULL(ti, 2), COALESCE(ti + 1, 2), COALESCE(i + 1, 2) FROM app.ia",
			[]string{"INT", "INT", "MEDIUMINT", "UNSIGNED SMALLINT", "INT", "INT", "INT", "BIGINT",
				"100", "", "5000000", "200", "20000", "100", "101", "2"})
		// A FLOAT merged with integers up to a MEDIUMINT's width stays a FLOAT
		// (seed 825); with an INT it is a DOUBLE.
		check("SELECT COALESCE(fl, mi), IF(id > 0, fl, uti), COALESCE(fl, i) FROM app.ia",
			[]string{"FLOAT(9223372036854775807,9223372036854775807)", "FLOAT(9223372036854775807,9223372036854775807)",
				"DOUBLE(9223372036854775807,9223372036854775807)", "5e+06", "", ""})
		// GREATEST and LEAST compare a FLOAT and any integer as DOUBLEs (seed 833).
		check("SELECT GREATEST(fl, mi), LEAST(fl, ti), GREATEST(fl, fl) FROM app.ia",
			[]string{"DOUBLE(9223372036854775807,9223372036854775807)", "DOUBLE(9223372036854775807,9223372036854775807)",
				"FLOAT(9223372036854775807,9223372036854775807)", "", "", ""})
	})
}

// TestSignedAndUnsignedBigintMerge: a CASE, IF, IFNULL or GREATEST of a
// BIGINT UNSIGNED and a signed integer is MariaDB's DECIMAL(20,0), so
// arithmetic on it does not overflow BIGINT (storing such a value above
// BIGINT's range is a documented SQLite deviation).
func TestSignedAndUnsignedBigintMerge(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		_, db := appNode(t, backend, "CREATE TABLE app.mu (id BIGINT UNSIGNED PRIMARY KEY, ref INT)")
		mustExec(t, db, "INSERT INTO app.mu VALUES (11, -1), (12, 3)")
		got := queryStrings(t, db, "SELECT IF(ref > 0, ref, id), IFNULL(id, 0), GREATEST(ref, id), IF(ref > 0, ref, id) - -9223372036854775807 FROM app.mu ORDER BY id")
		want := [][]string{{"11", "11", "11", "9223372036854775818"}, {"3", "12", "12", "9223372036854775810"}}
		if !sameRows(got, want) {
			t.Errorf("got %q, want %q", got, want)
		}
	})
}

// decimalTypeName is a result column's type with a DECIMAL's size.
func decimalTypeName(ct *sql.ColumnType) string {
	if p, s, ok := ct.DecimalSize(); ok {
		return fmt.Sprintf("%s(%d,%d)", ct.DatabaseTypeName(), p, s)
	}
	return ct.DatabaseTypeName()
}

// queryTypesAndCells runs query and returns typesAndCells of its result.
func queryTypesAndCells(t *testing.T, db *sql.DB, query string, name func(*sql.ColumnType) string) []string {
	t.Helper()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	return typesAndCells(t, rows, name)
}

// sizedTypeName is a column's type name, with its precision and scale for
// a DECIMAL.
func sizedTypeName(ct *sql.ColumnType) string {
	if p, s, ok := ct.DecimalSize(); ok && ct.DatabaseTypeName() == "DECIMAL" {
		return fmt.Sprintf("%s(%d,%d)", ct.DatabaseTypeName(), p, s)
	}
	return ct.DatabaseTypeName()
}

// typesAndCells is each result column's type as name gives it, then every
// cell of every row as the text the server sent.
// typeChecker returns a check that reads q from db and compares its result
// columns' types (decimalTypeName) followed by its cells with want.
func typeChecker(t *testing.T, db *sql.DB) func(q string, want []string) {
	return func(q string, want []string) {
		t.Helper()
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		if got := typesAndCells(t, rows, decimalTypeName); !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %q\nwant %q", q, got, want)
		}
	}
}

func typesAndCells(t *testing.T, rows *sql.Rows, name func(*sql.ColumnType) string) []string {
	t.Helper()
	types, err := rows.ColumnTypes()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ct := range types {
		got = append(got, name(ct))
	}
	vals := make([]sql.RawBytes, len(types))
	ptrs := make([]any, len(types))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			got = append(got, string(v))
		}
	}
	return got
}

// TestDecimalComparisonRoundsEachSide: MariaDB compares a computed DECIMAL
// rounded to its type's scale (d/3 of a DECIMAL(10,2) is 0.333333 there,
// 2147483647 / 12345678901234567.89 is 0.0000), in WHERE as in the field
// list; x IN (a) is x = a, while a longer IN list compares as it is.
func TestDecimalComparisonRoundsEachSide(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		_, db := appNode(t, backend, "CREATE TABLE app.q (id INT PRIMARY KEY, d DECIMAL(10,2), i INT)")
		mustExec(t, db, "INSERT INTO app.q VALUES (1, 1.00, 2147483647), (2, 2.00, 40)")
		got := queryStrings(t, db, "SELECT d/3 = 0.333333, d/3 = 0.3333, i/12345678901234567.89 > 0, d/3 IN (0.333333), "+
			"d/3 NOT IN (0.333333), d/3 IN (0.333333, 5), d/3 <=> 0.333333 FROM app.q WHERE id = 1")
		if want := [][]string{{"1", "0", "0", "1", "0", "0", "1"}}; !sameRows(got, want) {
			t.Errorf("got %q, want %q", got, want)
		}
		// BETWEEN and a longer IN list compare the quotient as it is,
		// constant or not, in the field list as in WHERE.
		got = queryStrings(t, db, "SELECT 1/3 BETWEEN 0.3333 AND 0.3333, 1/3 BETWEEN 0.333333333 AND 1, d/3 BETWEEN 0.3333333 AND 1, "+
			"0.333333333 IN (1/3, 7), d/3 IN (1/3, 7), 1/3 = 0.3333 FROM app.q WHERE id = 1")
		if want := [][]string{{"0", "1", "1", "1", "1", "1"}}; !sameRows(got, want) {
			t.Errorf("BETWEEN and IN: got %q, want %q", got, want)
		}
		got = queryStrings(t, db, "SELECT id FROM app.q WHERE 1/3 BETWEEN 0.333333333 AND 1 AND d/3 BETWEEN 0.3333333 AND 1 "+
			"AND 0.333333333 IN (1/3, 7) AND 1/3 = 0.3333 ORDER BY id")
		if want := [][]string{{"1"}, {"2"}}; !sameRows(got, want) {
			t.Errorf("BETWEEN and IN in WHERE: got %q, want %q", got, want)
		}
		if k, _ := mustExec(t, db, "UPDATE app.q SET i = 7 WHERE d/3 = 0.333333").RowsAffected(); k != 1 {
			t.Errorf("UPDATE … WHERE d/3 = 0.333333 changed %d rows, want 1", k)
		}
		mustExec(t, db, "UPDATE app.q SET i = 2147483647 WHERE id = 1")
		// As text and as a prepared statement: no row's quotient is above 0.
		for _, args := range [][]any{nil, {""}} {
			q := "DELETE FROM app.q WHERE LENGTH('') < (i / 12345678901234567.89)"
			if args != nil {
				q = "DELETE FROM app.q WHERE LENGTH(?) < (i / 12345678901234567.89)"
			}
			if k, _ := mustExec(t, db, q, args...).RowsAffected(); k != 0 {
				t.Errorf("%s deleted %d rows, want 0", q, k)
			}
		}
	})
}

// TestIntegerModSign: MySQL's integer % is UNSIGNED only when its dividend
// is (the remainder has the dividend's sign), and x DIV (a % b) follows it;
// SQLite typed id % n UNSIGNED when either operand was (found by the
// differential tester, seed 19).
func TestIntegerModSign(t *testing.T) {
	forEachBackend(t, testIntegerModSign)
}

func testIntegerModSign(t *testing.T, backend string) {
	_, db := appNode(t, backend, "CREATE TABLE app.m (id INT PRIMARY KEY, n INT UNSIGNED)", "INSERT INTO app.m VALUES (-5, 3)")
	q := "SELECT id % n, n % id, 2 DIV (id % n), 2 DIV (n % id), -7 % n FROM app.m"
	types := columnTypeNames(t, db, q)
	// SQLite types an UNSIGNED result BIGINT (README): 1 and 3 are not compared.
	if got, want := []string{types[0], types[2], types[4]}, []string{"BIGINT", "INT", "BIGINT"}; !reflect.DeepEqual(got, want) {
		t.Errorf("types of id %% n, 2 DIV (id %% n), -7 %% n: %v, want %v", got, want)
	}
	if vals := queryStrings(t, db, q); !reflect.DeepEqual(vals, [][]string{{"-2", "3", "-1", "0", "-1"}}) {
		t.Errorf("values %v, want -2 3 -1 0 -1", vals)
	}
	// A DOUBLE or DECIMAL remainder keeps its dividend's UNSIGNED too, so
	// a DIV of it is UNSIGNED and refuses a negative quotient.
	mustExec(t, db, "ALTER TABLE app.m ADD COLUMN d DOUBLE, ADD COLUMN c DECIMAL(5,2)")
	mustExec(t, db, "UPDATE app.m SET d = -2.5, c = -2.5")
	if vals := queryStrings(t, db, "SELECT 2 DIV (n % d), 2 DIV (n % c), 5 DIV (d % n) FROM app.m"); !reflect.DeepEqual(vals, [][]string{{"4", "4", "-2"}}) {
		t.Errorf("DIV of remainders: %v, want 4 4 -2", vals)
	}
	for _, q := range []string{"SELECT -9 DIV (n % d) FROM app.m", "SELECT -9 DIV (n % c) FROM app.m"} {
		assertQueryFails(t, db, q, 1690)
	}
}

// TestExactExtremeAsDecimal: MariaDB reads a GREATEST or LEAST of DECIMAL
// and DOUBLE arguments (a DOUBLE) as a DECIMAL where one is wanted (an
// operand of DIV, CAST AS DECIMAL): it chooses among the arguments as
// DECIMALs and gives the chosen one exactly. SQLite gave its DOUBLE,
// 12345678901234568 (found by the differential tester, seed 31).
func TestExactExtremeAsDecimal(t *testing.T) {
	forEachBackend(t, testExactExtremeAsDecimal)
}

func testExactExtremeAsDecimal(t *testing.T, backend string) {
	_, db := appNode(t, backend, "CREATE TABLE app.x (id INT PRIMARY KEY, d DECIMAL(20,2), f DOUBLE)", "INSERT INTO app.x VALUES (1, 12345678901234567.89, 100)")
	q := "SELECT 12345678901234567.89 DIV GREATEST(12345678901234567.89, 1e2), CAST(GREATEST(12345678901234567.89, 1e2) AS DECIMAL(30,2)), " +
		"LEAST(12345678901234567.89, 1e20) DIV 1, GREATEST(1.5, 1e2) DIV 7, d DIV (GREATEST(d, f)), GREATEST(d, f) MOD 10, " +
		"(IF(1e2 = 2.50, 1e2 DIV 9223372036854775807, 1e2) * (12345678901234567.89 DIV GREATEST(12345678901234567.89, 1e2))) FROM app.x"
	want := [][]string{{"1", "12345678901234567.89", "12345678901234567", "14", "1", "8", "100"}}
	if got := queryStrings(t, db, q); !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %v\nwant %v", q, got, want)
	}
}

// TestIntDivPrecision: a signed x DIV y counts one digit fewer than its
// length when it enters DECIMAL arithmetic, as MariaDB's does (the sign's
// place): (i DIV 2) * 2.50 of an INT i is a DECIMAL(12,2), and
// FLOOR((12345678901234567.89 DIV 9223372036854775807) * 2.50) a BIGINT
// (found by the differential tester, seed 47).
func TestIntDivPrecision(t *testing.T) {
	forEachBackend(t, testIntDivPrecision)
}

func testIntDivPrecision(t *testing.T, backend string) {
	_, db := appNode(t, backend, "CREATE TABLE app.dv (id INT PRIMARY KEY, i INT, u INT UNSIGNED, b BIGINT)", "INSERT INTO app.dv VALUES (1, 7, 7, 7)")
	q := "SELECT (i DIV 2) * 2.50, (5 DIV 2) * 2.50, (123.45 DIV 2) * 2.50, (u DIV 2) * 2.50, (b DIV 2) * 2.50, " +
		"FLOOR((b DIV 2) * 2.50), (12345678901234567.89 DIV 3) * 2.50, FLOOR(((12345678901234567.89 DIV 9223372036854775807) * 2.50)) FROM app.dv"
	var got []string
	for _, ct := range columnTypes(t, db, q) {
		p, s, _ := ct.DecimalSize()
		got = append(got, fmt.Sprintf("%s(%d,%d)", ct.DatabaseTypeName(), p, s))
	}
	want := []string{"DECIMAL(12,2)", "DECIMAL(4,2)", "DECIMAL(5,2)", "DECIMAL(13,2)", "DECIMAL(21,2)", "DECIMAL(20,0)", "DECIMAL(19,2)", "BIGINT(0,0)"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("types\n got %v\nwant %v", got, want)
	}
	if vals := queryStrings(t, db, q); !reflect.DeepEqual(vals, [][]string{{"7.50", "5.00", "152.50", "7.50", "7.50", "7", "10288065751028805.00", "0"}}) {
		t.Errorf("values %v", vals)
	}
	// A DIV of a DECIMAL or DOUBLE does not evaluate its right side when its
	// left is NULL (seed 61); an integer DIV evaluates both.
	mustExec(t, db, "ALTER TABLE app.dv ADD COLUMN d0 DECIMAL(10,0), ADD COLUMN f DOUBLE")
	if vals := queryStrings(t, db, "SELECT (d0 % u) DIV (9223372036854775807 + id), f DIV (9223372036854775807 + id) FROM app.dv"); !reflect.DeepEqual(vals, [][]string{{"NULL", "NULL"}}) {
		t.Errorf("NULL DIV of an overflow: %v", vals)
	}
	assertQueryFails(t, db, "SELECT i DIV (9223372036854775807 + id) FROM app.dv WHERE d0 IS NULL", 1690)
	// A comparison of a constant NULL does not compute its other side
	// either (seed 789); of a constant that is not NULL it does.
	q = "SELECT DAYOFMONTH('2023-02-30') <> (9223372036854775807 DIV -0.005), NULL <> (9223372036854775807 + 1), " +
		"CASE WHEN DAYOFMONTH('2023-02-30') <> (9223372036854775807 DIV -0.005) THEN 1 ELSE 2 END"
	if vals := queryStrings(t, db, q); !reflect.DeepEqual(vals, [][]string{{"NULL", "NULL", "2"}}) {
		t.Errorf("NULL compared with an overflow: %v", vals)
	}
	assertQueryFails(t, db, "SELECT DAYOFMONTH('2023-02-28') <> (9223372036854775807 DIV -0.005)", 1690)
	// Nor of a NULL column, where the comparison (or BETWEEN) is a value:
	// a field, ORDER BY, SET. As a WHERE it stays one an index can serve.
	mustExec(t, db, "ALTER TABLE app.dv ADD COLUMN n BIGINT")
	q = "SELECT n <> (9223372036854775807 + 1), n BETWEEN 1 AND 9223372036854775807 + 1, " +
		"n NOT BETWEEN (9223372036854775807 + id) AND 3, NULL BETWEEN 1 AND 9223372036854775807 + 1, " +
		"CASE WHEN n < 9223372036854775807 * 2 THEN 1 ELSE 2 END FROM app.dv ORDER BY n <> 9223372036854775807 + 1"
	if vals := queryStrings(t, db, q); !reflect.DeepEqual(vals, [][]string{{"NULL", "NULL", "NULL", "NULL", "2"}}) {
		t.Errorf("a NULL column compared with an overflow: %v", vals)
	}
	mustExec(t, db, "UPDATE app.dv SET i = (n <> (9223372036854775807 + 1))")
	if vals := queryStrings(t, db, "SELECT i FROM app.dv"); !reflect.DeepEqual(vals, [][]string{{"NULL"}}) {
		t.Errorf("SET of a NULL column compared with an overflow: %v", vals)
	}
	assertQueryFails(t, db, "SELECT u <> (9223372036854775807 + 1) FROM app.dv", 1690)
	assertQueryFails(t, db, "SELECT u BETWEEN 1 AND 9223372036854775807 + 1 FROM app.dv", 1690)
}

// TestDivOfUnsignedDecimal: MariaDB's DECIMAL + - * / are UNSIGNED when
// both operands are, and a DIV is UNSIGNED when either operand is: an INT
// up to 9 digits, a BIGINT past them. The SQLite node typed
// FIELD(k, k, s) DIV (ub / u) a signed INT (found by the differential
// tester, seed 697) and u DIV 2 a signed BIGINT.
func TestDivOfUnsignedDecimal(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		_, db := appNode(t, backend, "CREATE TABLE app.v (id INT PRIMARY KEY, i INT, u INT UNSIGNED, ub BIGINT UNSIGNED, k VARCHAR(4))",
			"INSERT INTO app.v VALUES (1, -1, 2, 3, 'a')")
		q := "SELECT FIELD(k, k, 'b') DIV (ub / u), (ub / u) DIV 1, 1 DIV (i / u), 1 DIV (ub + u), u DIV 2, i DIV 2 FROM app.v"
		want := []string{"UNSIGNED INT", "UNSIGNED BIGINT", "INT", "UNSIGNED INT", "UNSIGNED BIGINT", "BIGINT"}
		if got := columnTypeNames(t, db, q); !reflect.DeepEqual(got, want) {
			t.Errorf("types %v, want %v", got, want)
		}
		if vals := queryStrings(t, db, q); !reflect.DeepEqual(vals, [][]string{{"0", "1", "-2", "0", "1", "0"}}) {
			t.Errorf("values %v, want 0 1 -2 0 1 0", vals)
		}
		// Of a DOUBLE expression MariaDB counts digits the SQLite node
		// does not know: there the value types the column (README,
		// sqlite-result-types), never a width it would guess (seed 703).
		mustExec(t, db, "ALTER TABLE app.v ADD COLUMN w FLOAT(7,2)")
		mustExec(t, db, "UPDATE app.v SET w = 8.25")
		want = []string{"UNSIGNED INT"}
		if backend == "sqlite" {
			want = []string{"BIGINT"}
		}
		if got := columnTypeNames(t, db, "SELECT (w / ub) DIV ub FROM app.v"); !reflect.DeepEqual(got, want) {
			t.Errorf("type of (w / ub) DIV ub: %v, want %v", got, want)
		}
	})
}

// TestUnsignedBigintDecimalDigits: MariaDB counts 20 digits in a BIGINT
// UNSIGNED, and an UNSIGNED DECIMAL has no sign to show: CEIL(ub % d2) is
// a DECIMAL(18,0) as drivers read it, where the SQLite node, counting 19,
// typed it a BIGINT (found by the differential tester, seed 709); and
// ROUND keeps a DECIMAL's UNSIGNED, so a DIV of an UNSIGNED difference
// below zero is 1690 on both backends.
func TestUnsignedBigintDecimalDigits(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		_, db := appNode(t, backend, "CREATE TABLE app.g (id INT PRIMARY KEY, ub BIGINT UNSIGNED, u INT UNSIGNED, d2 DECIMAL(12,2), du DECIMAL(12,2) UNSIGNED)",
			"INSERT INTO app.g VALUES (1, 1, 2, 3.5, 4.5)")
		q := "SELECT CEIL(ub % d2), ub % d2, ub + d2, ub / u, ROUND(ub / u), du / u FROM app.g"
		want := []string{"DECIMAL(18,0)", "DECIMAL(19,2)", "DECIMAL(23,2)", "DECIMAL(23,4)", "DECIMAL(20,0)", "DECIMAL(15,6)"}
		cts := columnTypes(t, db, q)
		got := make([]string, len(cts))
		for i, ct := range cts {
			p, s, _ := ct.DecimalSize()
			got[i] = fmt.Sprintf("%s(%d,%d)", ct.DatabaseTypeName(), p, s)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("types %v, want %v", got, want)
		}
		if vals := queryStrings(t, db, q); !reflect.DeepEqual(vals, [][]string{{"1", "1.00", "4.50", "0.5000", "1", "2.250000"}}) {
			t.Errorf("values %v", vals)
		}
		assertQueryFails(t, db, "SELECT (ub - du) DIV 1 FROM app.g", 1690)
	})
}

// TestLengthDivTypes: MariaDB's LENGTH is an INT (9 digits and the sign's
// place), its DIV has its dividend's digits (an INT up to 9, UNSIGNED when
// either operand is), and MIN or MAX of an integer expression is a BIGINT,
// of a column the column's type (differential seed 725: LENGTH(k) DIV u
// was an UNSIGNED BIGINT on SQLite).
func TestLengthDivTypes(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		_, db := appNode(t, backend, "CREATE TABLE app.l (id INT PRIMARY KEY, k VARCHAR(12) NOT NULL, u INT UNSIGNED, i INT)",
			"INSERT INTO app.l VALUES (1, 'abcdef', 2, -3)")
		q := "SELECT LENGTH(k), LENGTH(k) DIV u, CHAR_LENGTH(k) DIV i, u DIV u, i DIV 2, MAX(LENGTH(k)), MAX(u), MIN(i DIV 2) FROM app.l"
		want := []string{"INT", "UNSIGNED INT", "INT", "UNSIGNED BIGINT", "BIGINT", "BIGINT", "UNSIGNED INT", "BIGINT"}
		if got := columnTypeNames(t, db, q); !reflect.DeepEqual(got, want) {
			t.Errorf("types %v, want %v", got, want)
		}
		if vals := queryStrings(t, db, q); !reflect.DeepEqual(vals, [][]string{{"6", "3", "-2", "1", "-1", "6", "2", "-1"}}) {
			t.Errorf("values %v", vals)
		}
	})
}

// TestFixedFloatDivTypes: DIV of a FLOAT(m,d) or DOUBLE(m,d) column has
// its m-d digits, so a DIV of that is an INT too (differential seed 781:
// (w DIV ub) DIV id was an UNSIGNED BIGINT on SQLite, where MariaDB says
// UNSIGNED INT). A DOUBLE's own DIV the SQLite node types by its values
// (sqlite-result-types), never as a wider named type.
func TestFixedFloatDivTypes(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		_, db := appNode(t, backend, "CREATE TABLE app.fw (id INT PRIMARY KEY, ub BIGINT UNSIGNED, w FLOAT(7,2), dd DOUBLE(12,3))",
			"INSERT INTO app.fw VALUES (1, 2, 3.5, 4.25)")
		q := "SELECT (w DIV ub) DIV id, (dd DIV 2) DIV 3, (dd DIV ub) DIV id FROM app.fw"
		want := []string{"UNSIGNED INT", "INT", "UNSIGNED INT"}
		if got := columnTypeNames(t, db, q); !reflect.DeepEqual(got, want) {
			t.Errorf("types %v, want %v", got, want)
		}
		if vals := queryStrings(t, db, q); !reflect.DeepEqual(vals, [][]string{{"1", "0", "2"}}) {
			t.Errorf("values %v", vals)
		}
	})
}

// TestCeilOfDoubleDivIsInteger: CEIL of a DECIMAL sum over a DIV of a
// DOUBLE expression is an integer, as MariaDB types it (an INT; the
// SQLite node types it by its value, a BIGINT: sqlite-result-types),
// never the DECIMAL(20,0) the SQLite node named it (differential seed 739).
func TestCeilOfDoubleDivIsInteger(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		_, db := appNode(t, backend)
		q := "SELECT CEIL((CASE WHEN 12345678901234567.89 <> 12345678901234567.89 THEN 100 ELSE 1e2 END DIV 0.1 - -0.1))"
		if got := columnTypeNames(t, db, q)[0]; got != "INT" && got != "BIGINT" {
			t.Errorf("type %s, want an integer", got)
		}
		if got := queryStrings(t, db, q); !reflect.DeepEqual(got, [][]string{{"1001"}}) {
			t.Errorf("value %v", got)
		}
	})
}

// FIELD compares its value with the list only as far as the first match,
// and not at all when the value is NULL, as MariaDB does: an argument past
// that point that would fail (BIGINT overflow, 1690) is never computed
// (differential seed 757). The value is computed once a row even where
// it is repeated in the node's translation (RAND()).
func TestFieldStopsAtTheFirstMatch(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		_, db := appNode(t, backend)
		for q, want := range map[string]string{
			"SELECT FIELD(DATE_FORMAT(LAST_DAY('2023-02-30'), '%Y-%m-%d'), CONCAT_WS('-', 'a', (-2 * 9223372036854775807)), 'b')": "0",
			"SELECT FIELD(NULL, -2 * 9223372036854775807)":                               "0",
			"SELECT FIELD('b', 'a', 'B', CONCAT_WS('-', 'a', -2 * 9223372036854775807))": "2",
			"SELECT FIELD(2, 1, 2.0, -2 * 9223372036854775807)":                          "2",
			"SELECT FIELD('x', 'a', NULL, 'X')":                                          "3",
			"SELECT FIELD(RAND() < 2, 0, 1)":                                             "2",
			"SELECT FIELD(CONCAT('a', NULL), 'a', -2 * 9223372036854775807)":             "0",
		} {
			if got := queryStrings(t, db, q); !reflect.DeepEqual(got, [][]string{{want}}) {
				t.Errorf("%s: %v, want %s", q, got, want)
			}
		}
		// Prepared, the value a parameter written once per arm.
		var pos int64
		if err := db.QueryRow("SELECT FIELD(CONCAT(?, 'x'), 'ax', ?, 'cx')", "c", "bx").Scan(&pos); err != nil || pos != 3 {
			t.Errorf("prepared FIELD: %d, %v, want 3", pos, err)
		}
		var me *gomysql.MySQLError
		var v any
		err := db.QueryRow("SELECT FIELD('z', 'a', CONCAT_WS('-', 'a', -2 * 9223372036854775807))").Scan(&v)
		if !errors.As(err, &me) || me.Number != 1690 {
			t.Errorf("an argument reached before a match: %v, want error 1690", err)
		}
	})
}

// TestCountAndStringLiteralTypesWithoutRows: COUNT is a BIGINT NOT NULL and
// a string literal a VARCHAR NOT NULL whether or not the read has rows, and
// a truth value an INT whatever its value; the SQLite node described a
// column of no rows, or of NULL, as NULL (differential: sqlite-result-types),
// COUNT and literals as nullable.
func TestCountAndStringLiteralTypesWithoutRows(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		_, db := appNode(t, backend, "CREATE TABLE app.c (id INT PRIMARY KEY, g INT)", "INSERT INTO app.c VALUES (1, 5)")
		for _, where := range []string{"id > 0", "id > 100"} {
			q := "SELECT COUNT(*), COUNT(g), '1970-01-01' AS e FROM app.c WHERE " + where + " GROUP BY g"
			want := []string{"BIGINT", "BIGINT", "VARCHAR"}
			if got := columnTypeNames(t, db, q); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: types %v, want %v", q, got, want)
			}
			// NOT NULL, as MariaDB flags them: drivers scan them into
			// plain types.
			for i, ct := range columnTypes(t, db, q) {
				if nullable, ok := ct.Nullable(); !ok || nullable {
					t.Errorf("%s: column %d nullable", q, i+1)
				}
			}
		}
		// A truth value is an INT whatever its value: of a NULL column
		// the SQLite node described it as NULL.
		mustExec(t, db, "INSERT INTO app.c VALUES (2, NULL)")
		q := "SELECT g <> 5, g IS NULL, NOT g, g BETWEEN 1 AND 2, g IN (1, 2), g <=> 5, TRUE, EXISTS (SELECT 1), ISNULL(g) FROM app.c WHERE id = 2"
		want := []string{"INT", "INT", "INT", "INT", "INT", "INT", "INT", "INT", "INT"}
		if got := columnTypeNames(t, db, q); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: types %v, want %v", q, got, want)
		}
	})
}

// TestComputedStringTypeOfNulls: a computed string is a VARCHAR whatever
// its values, as MariaDB describes it; of NULL alone (CONCAT(s, NULL)), or
// of no rows, the SQLite node described it as NULL, so a client mapping
// columns by type saw no string.
func TestComputedStringTypeOfNulls(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		_, db := appNode(t, backend, "CREATE TABLE app.cs (id INT PRIMARY KEY, s VARCHAR(10))", "INSERT INTO app.cs VALUES (1, 'a')")
		for _, where := range []string{"id > 0", "id > 100"} {
			q := "SELECT CONCAT(s, NULL), IF(id > 100, s, NULL), REPLACE(s, 'a', NULL), LOWER(s) FROM app.cs WHERE " + where
			want := []string{"VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR"}
			if got := columnTypeNames(t, db, q); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: types %v, want %v", q, got, want)
			}
		}
	})
}

// TestUnsignedDivPastSignedRange: x DIV y of a DOUBLE divisor with an
// UNSIGNED dividend is UNSIGNED, so a quotient between 2^63 and 2^64 is
// stored (170 DIV 1.08e-17 into a DOUBLE), where a SQLite node refused it
// with 1690 as if it were signed (differential seed 1063).
func TestUnsignedDivPastSignedRange(t *testing.T) { forEachBackend(t, testUnsignedDivPastSignedRange) }

func testUnsignedDivPastSignedRange(t *testing.T, backend string) {
	_, db := appNode(t, backend, "CREATE TABLE app.t (id INT PRIMARY KEY, tu TINYINT UNSIGNED, f DOUBLE)", "INSERT INTO app.t VALUES (1, 170, 0)")
	mustExec(t, db, "UPDATE app.t SET f = TRUNCATE(tu, 0) DIV (1e2 / 9223372036854775807)")
	if vals := queryStrings(t, db, "SELECT f FROM app.t"); !reflect.DeepEqual(vals, [][]string{{"1.5679732462653118e+19"}}) {
		t.Errorf("f = %v, want 1.5679732462653118e+19", vals)
	}
}

// x DIV y of a DOUBLE or DECIMAL whose quotient leaves the integers: a
// write (strict) refuses it as MariaDB's conversion of the quotient does,
// 1916 naming it, where a read, a DELETE's WHERE and a write with IGNORE
// fail with DIV's own 1690. A DOUBLE operand converts exactly below 1e81
// (MariaDB's DECIMAL holds 81 digits) and beyond that is the largest
// DECIMAL in a read and 1916 in a write.
func TestDivOverflowInWrites(t *testing.T) { forEachBackend(t, testDivOverflowInWrites) }

func testDivOverflowInWrites(t *testing.T, backend string) {
	_, db := appNode(t, backend, "CREATE TABLE app.t (id INT PRIMARY KEY, d DOUBLE, u BIGINT UNSIGNED)",
		"INSERT INTO app.t VALUES (1, 1e30, 1)")
	for q, code := range map[string]uint16{
		"UPDATE app.t SET d = 1e30 DIV 1":                    1916,
		"UPDATE app.t SET d = 1.5e19 DIV 1":                  1916,
		"UPDATE app.t SET d = 2e19 DIV u":                    1916,
		"UPDATE app.t SET d = -1e18 DIV u":                   1916,
		"UPDATE app.t SET d = 1e81 DIV 1e80":                 1916,
		"UPDATE app.t SET u = 0 WHERE d DIV 1 > 0":           1916,
		"INSERT INTO app.t VALUES (2, -1e30 DIV 1, 0)":       1916,
		"UPDATE IGNORE app.t SET d = 1e30 DIV 1":             1690,
		"DELETE FROM app.t WHERE d DIV 1 > 0":                1690,
		"INSERT IGNORE INTO app.t VALUES (3, 1e30 DIV 1, 0)": 1690,
	} {
		_, err := db.Exec(q)
		if me := (*gomysql.MySQLError)(nil); !errors.As(err, &me) || me.Number != code {
			t.Errorf("%s: %v, want error %d", q, err, code)
		}
	}
	_, err := db.Exec("UPDATE app.t SET d = 1.5e19 DIV 1")
	if want := "Got overflow when converting '15000000000000000000' to INT. Value truncated"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("message %v, want %q", err, want)
	}
	execRefused(t, db, 1690, "SELECT 1e30 DIV 1", "SELECT -1e18 DIV u FROM app.t")
	want := [][]string{{"10", "-10", "99999", "0", "10"}}
	if got := queryStrings(t, db, "SELECT 1e70 DIV 1e69, -1e70 DIV 1e69, 1e90 DIV 1e60, -0.5 DIV u, GREATEST(1e70, 1.5) DIV 1e69 FROM app.t"); !reflect.DeepEqual(got, want) {
		t.Errorf("reads %v, want %v", got, want)
	}
	mustExec(t, db, "UPDATE app.t SET d = 1e70 DIV 1e69 + (-0.5 DIV u) + LEAST(1e70, 1.5) DIV 2")
	if got := queryStrings(t, db, "SELECT d FROM app.t"); !reflect.DeepEqual(got, [][]string{{"10"}}) {
		t.Errorf("d = %v, want 10", got)
	}
}
