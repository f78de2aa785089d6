package driverstest

import (
	"regexp"
	"strings"
	"testing"

	"github.com/blocksql/blocksql/drivers"
)

// MySQL's date arithmetic: DATE_ADD/DATE_SUB clamp to the month's end,
// TIMESTAMPDIFF counts whole units, an invalid or out-of-range date gives
// NULL, and a DATE stays a DATE unless the unit is below a day.

// DateSetup is the data the date reads query.
var DateSetup = []string{
	"CREATE DATABASE app",
	"CREATE TABLE app.ev (id INT PRIMARY KEY, d DATE, t DATETIME(3))",
	"INSERT INTO app.ev VALUES (1, '2024-01-31', '2024-01-02 03:04:05.678'), (2, '2023-03-31', '2000-06-15 12:00:00.5')",
}

// DateReads are queries with their rows as printed and column types.
var DateReads = []DecimalRead{
	{SQL: "SELECT DATE_ADD(d, INTERVAL 1 MONTH), DATE_SUB(d, INTERVAL 1 MONTH), DATE_ADD(d, INTERVAL 1 YEAR), DATE_ADD(d, INTERVAL 36 HOUR), " +
		"DATE_ADD(t, INTERVAL -10 DAY), LAST_DAY(t) FROM app.ev ORDER BY id",
		Want: []string{"2024-02-29|2023-12-31|2025-01-31|2024-02-01 12:00:00|2023-12-23 03:04:05.678|2024-01-31",
			"2023-04-30|2023-02-28|2024-03-31|2023-04-01 12:00:00|2000-06-05 12:00:00.500|2000-06-30"},
		Types: "DATE|DATE|DATE|DATETIME|DATETIME|DATE"},
	{SQL: "SELECT DATEDIFF(d, t), TIMESTAMPDIFF(MONTH, d, t), TIMESTAMPDIFF(SECOND, t, d), DAYOFWEEK(d), DAYOFYEAR(d) FROM app.ev ORDER BY id",
		Want:  []string{"29|0|2494554|4|31", "8324|-273|719150399|6|90"},
		Types: "INT|BIGINT|BIGINT|INT|INT"},
	{SQL: "SELECT DATE_ADD('2024-01-31', INTERVAL 1 MONTH), DATE_SUB('2024-03-31', INTERVAL 400 DAY), DATE_ADD('9999-12-31', INTERVAL 1 DAY), " +
		"LAST_DAY('2023-02-30'), TIMESTAMPDIFF(MONTH, '2024-01-31', '2024-02-29'), TIMESTAMPDIFF(MONTH, '2024-02-29', '2024-01-31'), " +
		"TIMESTAMPDIFF(YEAR, '2000-02-29', '2024-02-28'), DATEDIFF('2024-03-01 23:59:59', '2024-02-01'), DAYOFWEEK('20240115'), " +
		"DATE('2023-02-30'), DATE('20240115'), TIMESTAMPDIFF(DAY, DATE_ADD('9999-12-31', INTERVAL 18 SECOND), '1000-01-01'), " +
		"DATE_SUB('9999-12-31', INTERVAL 3000000 DAY), DATEDIFF('1000-01-01', '9999-12-31')",
		Want:  []string{"2024-02-29|2023-02-25|NULL|NULL|0|0|23|29|2|NULL|2024-01-15|-3287181|1786-04-11|-3287181"},
		Types: "CHAR|CHAR|CHAR|DATE|BIGINT|BIGINT|BIGINT|INT|INT|DATE|DATE|BIGINT|CHAR|INT"},
	{SQL: "SELECT id FROM app.ev WHERE t = '2000-06-15 12:00:00.5' OR t = '2024-01-02 03:04:05.6780' OR d = '20230331' ORDER BY id",
		Want: []string{"1", "2"}, Types: "-"},
	{SQL: "SELECT id FROM app.ev WHERE t < '2000-06-15 12:00:00.5001' AND t > '2000-06-15 12:00:00.4999' AND '2000-06-15 12:00:00' < t",
		Want: []string{"2"}, Types: "-"},
	// TRUNCATE of integers the translation does not type.
	{SQL: "SELECT TRUNCATE(LENGTH('abcd'), 1), TRUNCATE(CHAR_LENGTH('abcdefghijkl'), -1), TRUNCATE(DAYOFYEAR(d), -1) FROM app.ev WHERE id = 1",
		Want: []string{"4|10|30"}, Types: "-|-|-"},
}

// DateWrites change dates with the same functions, store fractional
// seconds at the column's precision (cut, as MariaDB does) and refuse a
// day the month does not have.
var DateWrites = WriteCase{Name: "date arithmetic", Setup: append(DateSetup[:len(DateSetup):len(DateSetup)],
	"CREATE TABLE app.fsp (id INT PRIMARY KEY, a DATETIME, b DATETIME(3), c TIME, d TIME(2))"), Steps: []Step{
	{SQL: "UPDATE app.ev SET d = DATE_ADD(d, INTERVAL 1 MONTH), t = DATE_SUB(t, INTERVAL 1 SECOND)", Rows: 2},
	{SQL: "UPDATE app.ev SET d = LAST_DAY(d) WHERE DAYOFWEEK(d) = 1 OR TIMESTAMPDIFF(DAY, d, '2024-03-01') = 1", Rows: 0},
	{SQL: "INSERT INTO app.ev VALUES (3, '2023-02-30', NULL)", Err: 1292},
	{SQL: "INSERT INTO app.ev VALUES (3, NULL, '2024-02-30 00:00:00')", Err: 1292},
	{SQL: "UPDATE app.ev SET d = '2024-04-31' WHERE id = 1", Err: 1292},
	{SQL: "INSERT INTO app.ev VALUES (3, '20240115', '2038-01-19 03:14:07.999999')", Rows: 1},
	{SQL: "INSERT INTO app.fsp VALUES (1, '2038-01-19 03:14:07.999999', '2024-01-02 03:04:05.6789', '23:59:59.5', '-00:00:01.999'), " +
		"(2, '2024-02-29', '2000-06-15 12:00:00.5', '100:00:00', '838:59:59')", Rows: 2},
}, Table: "app.ev", Want: []string{"1|2024-02-29|2024-01-02 03:04:04.678", "2|2023-04-30|2000-06-15 11:59:59.500", "3|2024-01-15|2038-01-19 03:14:07.999"}}

// FspWant is app.fsp after DateWrites.
var FspWant = []string{"1|2038-01-19 03:14:07|2024-01-02 03:04:05.678|23:59:59|-00:00:01.99",
	"2|2024-02-29 00:00:00|2000-06-15 12:00:00.500|100:00:00|838:59:59.00"}

// fspSuffix is the precision SQLite's type names add to DATETIME(3),
// which MariaDB's driver reports as DATETIME.
var fspSuffix = regexp.MustCompile(`\(\d\)`)

// RunDates checks the date corpus on one driver.
func RunDates(t *testing.T, open func(t *testing.T) drivers.Driver) {
	t.Run("reads", func(t *testing.T) {
		d := open(t)
		Apply(t, d, DateSetup)
		for _, c := range DateReads {
			rows, types, err := QueryExact(t, d, c.SQL)
			if err != nil {
				t.Errorf("%s: %v", c.SQL, err)
				continue
			}
			if strings.Join(rows, "\n") != strings.Join(c.Want, "\n") || !typesMatch(fspSuffix.ReplaceAllString(types, ""), c.Types) {
				t.Errorf("%s\n got  %q %s\n want %q %s", c.SQL, rows, types, c.Want, c.Types)
			}
		}
	})
	t.Run("writes", func(t *testing.T) {
		d, c := open(t), DateWrites
		got := Apply(t, d, c.statements())
		for i, s := range c.Steps {
			if o := got[len(c.Setup)+i]; o != (Outcome{Rows: s.Rows, Err: s.Err}) {
				t.Errorf("%s: got %v, want %v", s.SQL, o, Outcome{Rows: s.Rows, Err: s.Err})
			}
		}
		if rows := Contents(t, d, c.Table, nil); strings.Join(rows, "\n") != strings.Join(c.Want, "\n") {
			t.Errorf("contents of %s: %q, want %q", c.Table, rows, c.Want)
		}
		if rows := Contents(t, d, "app.fsp", nil); strings.Join(rows, "\n") != strings.Join(FspWant, "\n") {
			t.Errorf("contents of app.fsp: %q, want %q", rows, FspWant)
		}
	})
}
