package driverstest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/blocksql/blocksql/drivers"
)

// DECIMAL is exact in MySQL: values, sums and quotients come back as the
// exact text MariaDB prints, at the scale of their type, and each result
// column has MariaDB's DECIMAL(p,s). Unlike the other reads, these are
// compared as printed (1.50 is not 1.5).

// DecimalSetup is the data the DECIMAL reads query.
var DecimalSetup = []string{
	"CREATE DATABASE app",
	"CREATE TABLE app.acct (id INT PRIMARY KEY, bal DECIMAL(20,2), salary DECIMAL(10,2), n INT, f DOUBLE, UNIQUE KEY bal (bal))",
	"INSERT INTO app.acct VALUES (1, 12345678901234567.89, 120000.50, 3, 0.5), (2, 0.10, 95000, 4, 1.5), " +
		"(3, 0.20, NULL, 5, 2.5), (4, 9.5, NULL, NULL, NULL), (5, -100.005, 1.005, 7, 0)",
}

// DecimalRead is a query, its rows as printed, and its column types
// (DECIMAL(p,s), a type name, or "-" for a column whose type the proxy
// derives itself).
type DecimalRead struct {
	SQL   string
	Want  []string
	Types string
}

// DecimalReads is the DECIMAL read corpus.
var DecimalReads = []DecimalRead{
	{SQL: "SELECT bal FROM app.acct WHERE id = 1", Want: []string{"12345678901234567.89"}, Types: "DECIMAL(20,2)"},
	{SQL: "SELECT SUM(bal) FROM app.acct WHERE id IN (2, 3)", Want: []string{"0.30"}, Types: "DECIMAL(42,2)"},
	{SQL: "SELECT COALESCE(SUM(salary), 0), AVG(salary), IFNULL(salary, -1) FROM app.acct WHERE id IN (1, 2)",
		Want: []string{"215000.50|107500.250000|120000.50"}, Types: "DECIMAL(32,2)|DECIMAL(14,6)|DECIMAL(10,2)"},
	{SQL: "SELECT IFNULL(salary, -1), 7 / 2, n / 2, 1.50, -1.50, 0.1 + 0.2 FROM app.acct WHERE id = 3",
		Want:  []string{"-1.00|3.5000|2.5000|1.50|-1.50|0.3"},
		Types: "DECIMAL(10,2)|DECIMAL(5,4)|DECIMAL(14,4)|DECIMAL(3,2)|DECIMAL(3,2)|DECIMAL(3,1)"},
	{SQL: "SELECT bal + 1, bal - n, bal * 2, bal * 1.25, bal / 3, -bal, salary % 7 FROM app.acct WHERE id = 2",
		Want:  []string{"1.10|-3.90|0.20|0.1250|0.033333|-0.10|3.00"},
		Types: "DECIMAL(21,2)|DECIMAL(21,2)|DECIMAL(21,2)|DECIMAL(23,4)|DECIMAL(24,6)|DECIMAL(21,2)|DECIMAL(10,2)"},
	{SQL: "SELECT ROUND(salary, 1), ROUND(salary), TRUNCATE(salary, 1), ABS(bal), CEIL(bal), FLOOR(bal), ROUND(bal, -1), CAST(bal AS DECIMAL(5,1)) FROM app.acct WHERE id = 5",
		Want:  []string{"1.0|1|1.0|100.01|-100|-101|-100|-100.0"},
		Types: "DECIMAL(10,1)|DECIMAL(9,0)|DECIMAL(9,1)|DECIMAL(20,2)|DECIMAL(19,0)|DECIMAL(19,0)|DECIMAL(19,0)|DECIMAL(5,1)"},
	{SQL: "SELECT CEIL(salary), FLOOR(salary * 10), CEIL(bal) FROM app.acct WHERE id = 1", Want: []string{"120001|1200005|12345678901234568"},
		Types: "INT|BIGINT|DECIMAL(19,0)"},
	{SQL: "SELECT SUM(bal) FROM app.acct WHERE id < 3 UNION ALL SELECT 1.5 UNION ALL SELECT salary / 4 FROM app.acct WHERE id = 5",
		Want: []string{"12345678901234567.990000", "1.500000", "0.252500"}, Types: "DECIMAL(46,6)"},
	{SQL: "SELECT bal * 1 AS v FROM app.acct WHERE id > 2 UNION SELECT 10.5 ORDER BY v DESC", Want: []string{"10.50", "9.50", "0.20", "-100.01"},
		Types: "DECIMAL(21,2)"},
	{SQL: "SELECT id, bal * 1 FROM app.acct WHERE id > 3 UNION SELECT 0, 10.5 ORDER BY 2", Want: []string{"5|-100.01", "4|9.50", "0|10.50"},
		Types: "-|DECIMAL(21,2)"},
	{SQL: "SELECT id, bal * 1 FROM app.acct WHERE id > 1 ORDER BY 2 DESC", Want: []string{"4|9.50", "3|0.20", "2|0.10", "5|-100.01"},
		Types: "-|DECIMAL(21,2)"},
	{SQL: "SELECT id FROM app.acct WHERE bal > 1 ORDER BY bal", Want: []string{"4", "1"}, Types: "-"},
	{SQL: "SELECT id FROM app.acct WHERE bal = 0.1 OR bal = 9.50 OR bal < -100 ORDER BY bal DESC",
		Want: []string{"4", "2", "5"}, Types: "-"},
	{SQL: "SELECT id, bal * 2 AS d FROM app.acct ORDER BY d LIMIT 3", Want: []string{"5|-200.02", "2|0.20", "3|0.40"},
		Types: "-|DECIMAL(21,2)"},
	{SQL: "SELECT MIN(bal), MAX(bal), MAX(bal / 2) FROM app.acct", Want: []string{"-100.01|12345678901234567.89|6172839450617283.945000"},
		Types: "DECIMAL(20,2)|DECIMAL(20,2)|DECIMAL(24,6)"},
	{SQL: "SELECT n > 3, SUM(bal) AS s FROM app.acct GROUP BY n > 3 HAVING s > 0 ORDER BY s",
		Want: []string{"NULL|9.50", "0|12345678901234567.89"}, Types: "-|DECIMAL(42,2)"},
	{SQL: "SELECT id FROM app.acct WHERE bal + 0 > n ORDER BY id", Want: []string{"1"}, Types: "-"},
	{SQL: "SELECT id FROM app.acct WHERE bal * 2 IN (0.2, 19) AND bal * 2 NOT IN (1) ORDER BY id",
		Want: []string{"2", "4"}, Types: "-"},
	{SQL: "SELECT id FROM app.acct WHERE bal / 2 BETWEEN 0.05 AND 4.75 ORDER BY id", Want: []string{"2", "3", "4"}, Types: "-"},
	{SQL: "SELECT x, MAX(x) OVER () FROM (SELECT bal / 2 AS x, bal FROM app.acct) AS s WHERE x > 1 AND s.bal > 1 ORDER BY x DESC",
		Want:  []string{"6172839450617283.945000|6172839450617283.945000", "4.750000|6172839450617283.945000"},
		Types: "DECIMAL(24,6)|DECIMAL(24,6)"},
	{SQL: "SELECT MIN(x), SUM(x) FROM (SELECT bal * 2 AS x FROM app.acct) AS s", Want: []string{"-200.02|24691357802468955.36"},
		Types: "DECIMAL(21,2)|DECIMAL(43,2)"},
	{SQL: "SELECT bal + f, SUM(n), AVG(n) FROM app.acct WHERE id = 2", Want: []string{"1.6|4|4.0000"},
		Types: "-|DECIMAL(32,0)|DECIMAL(14,4)"},
	{SQL: "SELECT 10 % 0.3, CAST(n % -0.005 AS CHAR), bal % 0.07 FROM app.acct WHERE id = 2",
		Want: []string{"0.1|0.000|0.03"}, Types: "DECIMAL(2,1)|-|DECIMAL(20,2)"},
	{SQL: "SELECT COUNT(*) FROM app.acct WHERE 2.50 BETWEEN bal AND 9223372036854775807", Want: []string{"3"}, Types: "-"},
	{SQL: "SELECT IF(-0.005 > 7, 2.50, 12345678901234567.89), 0.5 < 1, 2.50 = 2.5 FROM app.acct WHERE id = 1",
		Want: []string{"12345678901234567.89|1|1"}, Types: "DECIMAL(19,2)|-|-"},
	{SQL: "SELECT CAST(FLOOR(-0.005) AS CHAR), FLOOR(-0.005), CEIL(-0.005) FROM app.acct WHERE id = 1", Want: []string{"-1|-1|0"}, Types: "-|-|-"},
	{SQL: "SELECT id FROM app.acct WHERE n BETWEEN 3.5 AND 5 OR id BETWEEN id AND -0.005 ORDER BY id", Want: []string{"2", "3"}, Types: "-"},
}

// DecimalWrites are writes whose results must be exact: rounding to the
// declared scale, range errors, unique keys and arithmetic in UPDATE.
var DecimalWrites = WriteCase{Name: "decimal writes", Setup: []string{
	"CREATE DATABASE app",
	"CREATE TABLE app.m (id INT PRIMARY KEY, b DECIMAL(5,2) NOT NULL DEFAULT 1.5, u DECIMAL(4,1) UNSIGNED, UNIQUE KEY b (b))",
	"CREATE TABLE app.big (id INT PRIMARY KEY, v DECIMAL(20,2))",
}, Steps: []Step{
	{SQL: "INSERT INTO app.big VALUES (1, 12345678901234567.89)", Rows: 1},
	{SQL: "INSERT INTO app.big VALUES (1, 0.01) ON DUPLICATE KEY UPDATE v = v + VALUES(v)", Rows: 2},
	{SQL: "INSERT INTO app.big SELECT id + 1, v * 1 FROM app.big WHERE id = 1", Rows: 1},
	{SQL: "INSERT INTO app.big SELECT id + 2, -v FROM app.big WHERE id = 1", Rows: 1},
	{SQL: "INSERT INTO app.m (id, b) VALUES (1, 1.005), (2, -1.005), (3, 0.1)", Rows: 3},
	{SQL: "INSERT INTO app.m (id, b) VALUES (4, 1.01)", Err: 1062},
	{SQL: "INSERT INTO app.m (id, b) VALUES (4, '1.010')", Err: 1062},
	{SQL: "INSERT INTO app.m (id, b) VALUES (4, 1000)", Err: 1264},
	{SQL: "INSERT INTO app.m (id, b) VALUES (4, 999.995)", Err: 1264},
	{SQL: "INSERT INTO app.m (id, b) VALUES (4, 'abc')", Err: 1366},
	{SQL: "INSERT INTO app.m (id, b, u) VALUES (4, 2, -1)", Err: 1264},
	{SQL: "INSERT INTO app.m (id, u) VALUES (4, 999.94)", Rows: 1},
	{SQL: "UPDATE app.m SET b = b - 0.10 WHERE id = 3", Rows: 1},
	{SQL: "UPDATE app.m SET b = b * 1000 WHERE id = 1", Err: 1264},
	{SQL: "UPDATE app.m SET b = b + 0.001 WHERE id = 2", Rows: 0},
	{SQL: "INSERT INTO app.m (id, b) VALUES (5, 7 / 2)", Rows: 1},
	{SQL: "ALTER TABLE app.m ADD COLUMN c DECIMAL(6,3) DEFAULT -2.5", Rows: 0},
	{SQL: "UPDATE app.m SET c = c * b WHERE id = 5", Rows: 1},
	{SQL: "ALTER TABLE app.m ADD INDEX c (c)", Rows: 0},
}, Table: "app.m", Want: []string{
	"1|1.01|NULL|-2.500", "2|-1.01|NULL|-2.500", "3|0.00|NULL|-2.500", "4|1.50|999.9|-2.500", "5|3.50|NULL|-8.750",
}}

// RunDecimal checks the DECIMAL corpus on one driver.
func RunDecimal(t *testing.T, open func(t *testing.T) drivers.Driver) {
	t.Run("writes", func(t *testing.T) {
		d, c := open(t), DecimalWrites
		got := Apply(t, d, c.statements())
		for i, s := range c.Steps {
			if o := got[len(c.Setup)+i]; o != (Outcome{Rows: s.Rows, Err: s.Err}) {
				t.Errorf("%s: got %v, want %v", s.SQL, o, Outcome{Rows: s.Rows, Err: s.Err})
			}
		}
		rows, _, err := QueryExact(t, d, "SELECT * FROM "+c.Table+" ORDER BY id")
		if err != nil || strings.Join(rows, "\n") != strings.Join(c.Want, "\n") {
			t.Errorf("contents of %s: %q %v, want %q", c.Table, rows, err, c.Want)
		}
		want := []string{"1|12345678901234567.90", "2|12345678901234567.90", "3|-12345678901234567.90"}
		if rows, _, err := QueryExact(t, d, "SELECT * FROM app.big ORDER BY id"); err != nil ||
			strings.Join(rows, "\n") != strings.Join(want, "\n") {
			t.Errorf("contents of app.big: %q %v, want %q", rows, err, want)
		}
	})
	t.Run("reads", func(t *testing.T) { runDecimalReads(t, open(t)) })
}

func runDecimalReads(t *testing.T, d drivers.Driver) {
	Apply(t, d, DecimalSetup)
	for _, c := range DecimalReads {
		rows, types, err := QueryExact(t, d, c.SQL)
		if err != nil {
			t.Errorf("%s: %v", c.SQL, err)
			continue
		}
		if strings.Join(rows, "\n") != strings.Join(c.Want, "\n") || !typesMatch(types, c.Types) {
			t.Errorf("%s\n got  %q %s\n want %q %s", c.SQL, rows, types, c.Want, c.Types)
		}
	}
}

// QueryExact runs a read and prints its values as the database returned
// them, with the MySQL type of each column.
func QueryExact(t *testing.T, d drivers.Driver, q string) ([]string, string, error) {
	t.Helper()
	stmt, err := drivers.Parse(q)
	if err != nil {
		t.Fatalf("parse %s: %v", q, err)
	}
	var hints []string
	rows, err := d.Query(drivers.WithResultTypes(context.Background(), &hints), stmt)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	cts, err := rows.ColumnTypes()
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, len(cts))
	for i, ct := range cts {
		hint := ""
		if len(hints) == len(cts) {
			hint = hints[i]
		}
		names[i] = drivers.ColumnTypeName(ct, hint)
	}
	var out []string
	for rows.Next() {
		vals := make([]any, len(cts))
		ptrs := make([]any, len(cts))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		cells := make([]string, len(vals))
		for i, v := range vals {
			cells[i] = exact(v)
		}
		out = append(out, strings.Join(cells, "|"))
	}
	return out, strings.Join(names, "|"), rows.Err()
}

func exact(v any) string {
	switch v := v.(type) {
	case nil:
		return "NULL"
	case []byte:
		return string(v)
	}
	return fmt.Sprint(v)
}

// typesMatch compares column types, "-" in want matching any.
func typesMatch(got, want string) bool {
	g, w := strings.Split(got, "|"), strings.Split(want, "|")
	if len(g) != len(w) {
		return false
	}
	for i := range w {
		if w[i] != "-" && w[i] != g[i] {
			return false
		}
	}
	return true
}
