package driverstest

// Step is one statement and what MySQL reports for it.
type Step struct {
	SQL  string
	Rows int64  // rows affected
	Err  uint16 // MySQL error number, 0 when it succeeds
}

// WriteCase is a block of writes: Setup must succeed, each step must
// report what it says, and Table must then hold Want (rows rendered as
// "v1|v2|...", ordered by OrderBy).
type WriteCase struct {
	Name    string
	Setup   []string
	Steps   []Step
	Table   string
	OrderBy []string
	Want    []string
}

func (c WriteCase) statements() []string {
	out := append([]string(nil), c.Setup...)
	for _, s := range c.Steps {
		out = append(out, s.SQL)
	}
	return out
}

var baseSetup = []string{
	"CREATE DATABASE app",
	"CREATE TABLE app.t (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(10) NOT NULL, qty INT NOT NULL DEFAULT 0, " +
		"email VARCHAR(20), UNIQUE KEY email (email)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
}

func setup(extra ...string) []string { return append(append([]string(nil), baseSetup...), extra...) }

var threeRows = setup("INSERT INTO app.t (id, name, qty, email) VALUES (1, 'a', 0, 'a@x'), (2, 'b', 5, 'b@x'), (3, 'c', 0, NULL)")

// Writes is the write corpus.
var Writes = []WriteCase{
	{Name: "insert multi-row", Setup: setup(), Steps: []Step{
		{SQL: "INSERT INTO app.t (id, name) VALUES (1, 'a'), (2, 'b')", Rows: 2},
		{SQL: "INSERT INTO app.t VALUES (3, 'c', 7, 'c@x')", Rows: 1},
		{SQL: "INSERT INTO app.t SET id = 4, name = 'd', qty = 1", Rows: 1},
		{SQL: "INSERT INTO app.t (id, name, qty) SELECT id + 10, CONCAT(name, '2'), qty * 2 FROM app.t WHERE id <= 3", Rows: 3},
	}, Table: "app.t", OrderBy: []string{"id"}, Want: []string{
		"1|a|0|NULL", "2|b|0|NULL", "3|c|7|c@x", "4|d|1|NULL", "11|a2|0|NULL", "12|b2|0|NULL", "13|c2|14|NULL",
	}},
	{Name: "strings keep quotes and backslashes", Setup: setup(), Steps: []Step{
		{SQL: `INSERT INTO app.t (id, name) VALUES (1, 'it''s'), (2, 'a\\b'), (3, "dq")`, Rows: 3},
	}, Table: "app.t", OrderBy: []string{"id"}, Want: []string{`1|it's|0|NULL`, `2|a\b|0|NULL`, "3|dq|0|NULL"}},
	{Name: "minus minus is not a comment", Setup: threeRows, Steps: []Step{
		{SQL: "UPDATE app.t SET qty = qty - -1 WHERE id - -1 = 3", Rows: 1},
		{SQL: "INSERT INTO app.t (id, name, qty) VALUES (4, 'd', 5 - -2)", Rows: 1},
		{SQL: "DELETE FROM app.t WHERE id - -1 = 2", Rows: 1},
	}, Table: "app.t", OrderBy: []string{"id"}, Want: []string{"2|b|6|b@x", "3|c|0|NULL", "4|d|7|NULL"}},
	{Name: "NUL bytes are stored byte for byte", Setup: threeRows, Steps: []Step{
		{SQL: "INSERT INTO app.t (id, name) VALUES (4, 'x\\0y')", Rows: 1},
		{SQL: "UPDATE app.t SET email = 'a\\0\\0b' WHERE id = 1", Rows: 1},
		{SQL: "UPDATE app.t SET qty = 9 WHERE name = 'x\\0y'", Rows: 1},
		{SQL: "INSERT INTO app.t (id, name) VALUES (5, CONCAT('\\0', 'z'))", Rows: 1},
	}, Table: "app.t", OrderBy: []string{"id"}, Want: []string{
		"1|a|0|a\x00\x00b", "2|b|5|b@x", "3|c|0|NULL", "4|x\x00y|9|NULL", "5|\x00z|0|NULL",
	}},
	{Name: "constraint errors", Setup: threeRows, Steps: []Step{
		{SQL: "INSERT INTO app.t (id, name) VALUES (1, 'dup')", Err: 1062},
		{SQL: "INSERT INTO app.t (id, name, email) VALUES (9, 'z', 'A@X')", Err: 1062},
		{SQL: "INSERT INTO app.t (id, name) VALUES (9, NULL)", Err: 1048},
		{SQL: "INSERT INTO app.t (id) VALUES (9)", Err: 1364},
		{SQL: "INSERT INTO app.t (id, name) VALUES (9, 'abcdefghijk')", Err: 1406},
		{SQL: "INSERT INTO app.t (id, name, qty) VALUES (9, 'z', 'abc')", Err: 1366},
		{SQL: "INSERT INTO app.t (id, name) VALUES (9)", Err: 1136},
		{SQL: "INSERT INTO app.nope (id) VALUES (1)", Err: 1146},
		{SQL: "INSERT INTO app.t (id, nope) VALUES (9, 1)", Err: 1054},
		{SQL: "UPDATE app.t SET name = NULL WHERE id = 1", Err: 1048},
		{SQL: "UPDATE app.t SET email = 'b@x' WHERE id = 1", Err: 1062},
		{SQL: "CREATE TABLE app.nocols", Err: 1113},
		{SQL: "INSERT INTO app.t (id, name) VALUES (9, 'ok')", Rows: 1},
	}, Table: "app.t", OrderBy: []string{"id"}, Want: []string{"1|a|0|a@x", "2|b|5|b@x", "3|c|0|NULL", "9|ok|0|NULL"}},
	// MariaDB stores a row's values in the order the statement lists them
	// and fails on the first it refuses, whatever the table's order; the
	// table's own CHECK comes after them all.
	{Name: "a row with two bad values fails on the first listed", Setup: setup(
		"CREATE TABLE app.e (id INT PRIMARY KEY, n INT NOT NULL, w FLOAT(7,2), m TINYINT, s VARCHAR(3), "+
			"k ENUM('x', 'y') NOT NULL DEFAULT 'x', u INT UNSIGNED DEFAULT 0, CHECK (m < 100))",
		"INSERT INTO app.e (id, n, w, m, s) VALUES (1, 1, 1, 1, 'a')",
	), Steps: []Step{
		{SQL: "INSERT INTO app.e (id, w, n) VALUES (2, 1e10, NULL)", Err: 1264},
		{SQL: "INSERT INTO app.e (id, n, w) VALUES (2, NULL, 1e10)", Err: 1048},
		{SQL: "INSERT INTO app.e (id, m, n) VALUES (2, 1000, NULL)", Err: 1264},
		{SQL: "INSERT INTO app.e (id, n, s, w) VALUES (2, 1, 'abcd', 1e10)", Err: 1406},
		{SQL: "INSERT INTO app.e (id, n, m, s) VALUES (2, 1, 120, 'abcd')", Err: 1406},
		{SQL: "INSERT INTO app.e (id, n, m, k) VALUES (2, 1, 1000, 'z')", Err: 1264},
		{SQL: "INSERT INTO app.e (id, n, w, k) VALUES (2, 1, 1, 'z')", Err: 1265},
		{SQL: "INSERT INTO app.e (id, m, n) VALUES (4, 1, 1), (3, 1000, NULL)", Err: 1264},
		{SQL: "INSERT INTO app.e (id, m, n) SELECT 5, 1000, NULL", Err: 1264},
		{SQL: "REPLACE INTO app.e (id, m, n) VALUES (1, 1, 1), (3, 1000, NULL)", Err: 1264},
		{SQL: "UPDATE app.e SET m = 1000, n = NULL", Err: 1264},
		{SQL: "UPDATE app.e SET n = NULL, m = 1000", Err: 1048},
		{SQL: "UPDATE app.e SET s = 'abcd', w = 1e10 WHERE id = 1", Err: 1406},
		{SQL: "INSERT INTO app.e (id, n) VALUES (1, 1) ON DUPLICATE KEY UPDATE s = 'abcd', m = 1000", Err: 1406},
		{SQL: "INSERT INTO app.e (id, n) VALUES (1, 1) ON DUPLICATE KEY UPDATE m = 1000, s = 'abcd'", Err: 1264},
		{SQL: "INSERT INTO app.e (id, n, m) VALUES (1, 1, 1000)", Err: 1264},
		{SQL: "INSERT INTO app.e (id, m, n) VALUES (1, 1000, NULL) ON DUPLICATE KEY UPDATE n = 2", Err: 1264},
		{SQL: "INSERT INTO app.e (id, n, m, k) VALUES (1, 1, 1000, 'z') ON DUPLICATE KEY UPDATE n = 2", Err: 1264},
		// Row 1's update fails before row 2's value is met (seed 845).
		{SQL: "INSERT INTO app.e (id, n, s) VALUES (1, 1, 'a'), (5, 1, 'a\\0bcd') ON DUPLICATE KEY UPDATE m = 1000", Err: 1264},
		// An expression that fails (1690) where it is assigned.
		{SQL: "UPDATE app.e SET m = 1000, u = u - 1", Err: 1264},
		{SQL: "UPDATE app.e SET u = u - 1, m = 1000", Err: 1690},
		{SQL: "INSERT INTO app.e (id, n) VALUES (1, 1) ON DUPLICATE KEY UPDATE m = 1000, u = u - 1", Err: 1264},
		{SQL: "INSERT INTO app.e (id, n) VALUES (1, 1) ON DUPLICATE KEY UPDATE u = u - 1, m = 1000", Err: 1690},
	}, Table: "app.e", OrderBy: []string{"id"}, Want: []string{"1|1|1|1|a|x|0"}},
	{Name: "integer ranges", Setup: setup("CREATE TABLE app.n (id INT PRIMARY KEY, tiny TINYINT, small SMALLINT, u INT UNSIGNED, big BIGINT)"), Steps: []Step{
		{SQL: "INSERT INTO app.n VALUES (1, 127, -32768, 4294967295, -9223372036854775808)", Rows: 1},
		{SQL: "INSERT INTO app.n (id, tiny) VALUES (2, 128)", Err: 1264},
		{SQL: "INSERT INTO app.n (id, small) VALUES (2, 40000)", Err: 1264},
		{SQL: "INSERT INTO app.n (id, u) VALUES (2, -1)", Err: 1264},
		{SQL: "INSERT INTO app.n (id, u) VALUES (2, '12')", Rows: 1},
		{SQL: "UPDATE app.n SET tiny = tiny + 1 WHERE id = 1", Err: 1264},
	}, Table: "app.n", OrderBy: []string{"id"}, Want: []string{
		"1|127|-32768|4294967295|-9223372036854775808", "2|NULL|NULL|12|NULL",
	}},
	{Name: "a DOUBLE of 2^63 stores BIGINT's largest value", Setup: setup(
		"CREATE TABLE app.b (id BIGINT PRIMARY KEY, v BIGINT, i INT, u BIGINT UNSIGNED, f FLOAT)", "INSERT INTO app.b VALUES (1, 0, 0, 0, 85)"), Steps: []Step{
		{SQL: "UPDATE app.b SET v = ABS(IF(f > 100, f, 9223372036854775807)) WHERE id = 1", Rows: 1},
		{SQL: "INSERT INTO app.b (id, v) VALUES (9223372036854775807e0, -9223372036854775808e0)", Rows: 1},
		{SQL: "UPDATE app.b SET v = 9223372036854777000e0 WHERE id = 1", Err: 1264},
		{SQL: "UPDATE app.b SET i = 9223372036854775807e0 WHERE id = 1", Err: 1264},
		{SQL: "UPDATE app.b SET v = -9223372036854777900e0 WHERE id = 1", Err: 1264},
	}, Table: "app.b", OrderBy: []string{"id"}, Want: []string{
		"1|9223372036854775807|0|0|85", "9223372036854775807|-9223372036854775808|NULL|NULL|NULL",
	}},
	{Name: "a string with an exponent is read digit by digit into an integer or DECIMAL column", Setup: setup(
		"CREATE TABLE app.e (id INT PRIMARY KEY, v BIGINT, i INT, d DECIMAL(30,20))"), Steps: []Step{
		{SQL: "INSERT INTO app.e VALUES (1, '12345678901234567e1', '2.5e0', '1.23456789012345678901e0'), (2, '9223372036854775807e0', '-2.5E0', '-12345678901234567e-10')", Rows: 2},
		{SQL: "INSERT INTO app.e (id, v) VALUES (3, '9223372036854775808e0')", Err: 1264},
		{SQL: "UPDATE app.e SET i = '1234567e-3' WHERE id = 2", Rows: 1},
	}, Table: "app.e", OrderBy: []string{"id"}, Want: []string{
		"1|123456789012345670|3|1.23456789012345678901", "2|9223372036854775807|1235|-1234567.8901234567",
	}},
	{Name: "NUL bytes count toward the length", Setup: threeRows, Steps: []Step{
		{SQL: "INSERT INTO app.t (id, name) VALUES (4, 'abcdefgh\\0j')", Rows: 1},
		{SQL: "INSERT INTO app.t (id, name) VALUES (5, 'abcdefghij\\0')", Err: 1406},
		{SQL: "UPDATE app.t SET name = 'ab\\0\\0\\0\\0\\0\\0\\0\\0\\0' WHERE id = 1", Err: 1406},
	}, Table: "app.t", OrderBy: []string{"id"}, Want: []string{
		"1|a|0|a@x", "2|b|5|b@x", "3|c|0|NULL", "4|abcdefgh\x00j|0|NULL",
	}},
	{Name: "NULL integer key", Setup: setup("CREATE TABLE app.k (id INT PRIMARY KEY, v INT)", "INSERT INTO app.k VALUES (1, 1)"), Steps: []Step{
		{SQL: "INSERT INTO app.k VALUES (NULL, 2)", Err: 1048},
		{SQL: "INSERT INTO app.k (id, v) VALUES (2, 2), (NULL, 3)", Err: 1048},
		{SQL: "UPDATE app.k SET id = NULL WHERE id = 1", Err: 1048},
		{SQL: "INSERT INTO app.k (id, v) SELECT NULL, 4", Err: 1048},
	}, Table: "app.k", OrderBy: []string{"id"}, Want: []string{"1|1"}},
	{Name: "INSERT IGNORE clips an unsigned primary key to its type's range", Setup: setup(
		"CREATE TABLE app.ku (id BIGINT UNSIGNED NOT NULL, v INT, PRIMARY KEY (id))"), Steps: []Step{
		{SQL: "INSERT IGNORE INTO app.ku (id, v) VALUES (-5, 1), (11, 2)", Rows: 2},
		{SQL: "INSERT IGNORE INTO app.ku (id, v) VALUES (-1, 3), (12, 4)", Rows: 1},
	}, Table: "app.ku", OrderBy: []string{"id"}, Want: []string{"0|1", "11|2", "12|4"}},
	{Name: "INSERT IGNORE clips an INT primary key to its type's range", Setup: setup(
		"CREATE TABLE app.ki (id INT NOT NULL PRIMARY KEY, v INT)"), Steps: []Step{
		{SQL: "INSERT IGNORE INTO app.ki (id, v) VALUES (3000000000, 1), (-3000000000, 2), (2147483647, 3)", Rows: 2},
	}, Table: "app.ki", OrderBy: []string{"id"}, Want: []string{"-2147483648|2", "2147483647|1"}},
	{Name: "INSERT IGNORE stores the nearest value", Setup: setup("CREATE TABLE app.g (id INT PRIMARY KEY, a TINYINT NOT NULL DEFAULT 5, " +
		"b VARCHAR(3), d DECIMAL(5,2) UNSIGNED, e DOUBLE NOT NULL, s VARCHAR(4) NOT NULL DEFAULT 'zz', vb VARBINARY(2), dd DECIMAL(4,1) NOT NULL)"), Steps: []Step{
		{SQL: "INSERT IGNORE INTO app.g VALUES (1, 300, 'abcdé', 1234.567, NULL, NULL, 'ab', NULL), (2, NULL, 'x', -3, '12abc', 'x', 'a', -99999)", Rows: 2},
		{SQL: "INSERT IGNORE INTO app.g VALUES (NULL, 'abc', 1, 'zz', 'abc', 1, NULL, 'x')", Rows: 1},
		{SQL: "INSERT IGNORE INTO app.g (id, a, e, s, dd) VALUES (4, '12x', 1, 'a', 1), (5, -129, 1, 'a', 1), (1, 1, 1, 'a', 1)", Rows: 2},
		{SQL: "INSERT INTO app.g (id, a, e, s, dd) VALUES (6, 300, 1, 'a', 1)", Err: 1264},
		{SQL: "INSERT IGNORE INTO app.g (id, a) VALUES (7, 1)", Rows: 1},
		{SQL: "INSERT INTO app.g (id, a) VALUES (8, 1)", Err: 1364},
	}, Table: "app.g", OrderBy: []string{"id"}, Want: []string{
		"0|0|1|0|0|1|NULL|0", "1|127|abc|999.99|0||ab|0", "2|0|x|0|12|x|a|-999.9", "4|12|NULL|NULL|1|a|NULL|1", "5|-128|NULL|NULL|1|a|NULL|1",
		"7|1|NULL|NULL|0|zz|NULL|0",
	}},
	{Name: "text follows utf8mb4_general_ci", Setup: setup("CREATE TABLE app.c (id INT PRIMARY KEY, s VARCHAR(10), UNIQUE KEY s (s))",
		"INSERT INTO app.c VALUES (1, 'é'), (2, 'b'), (3, 'ß'), (7, '😀')"), Steps: []Step{
		{SQL: "INSERT INTO app.c VALUES (4, 'E')", Err: 1062},
		{SQL: "INSERT INTO app.c VALUES (5, 's')", Err: 1062},
		{SQL: "INSERT INTO app.c VALUES (6, 'b ')", Err: 1062},
		{SQL: "INSERT INTO app.c VALUES (8, '🍣')", Err: 1062},
		{SQL: "UPDATE app.c SET id = id + 10 WHERE s = 'E'", Rows: 1},
		{SQL: "UPDATE app.c SET id = id + 100 WHERE s < 'c'", Rows: 1},
		{SQL: "INSERT INTO app.c VALUES (9, 'b\t')", Rows: 1},
		{SQL: "UPDATE app.c SET id = id + 1000 WHERE s < 'b'", Rows: 1},
	}, Table: "app.c", OrderBy: []string{"s", "id"}, Want: []string{"1009|b\t", "102|b", "11|é", "3|ß", "7|😀"}},
	{Name: "update counts changed rows", Setup: threeRows, Steps: []Step{
		{SQL: "UPDATE app.t SET qty = 0 WHERE id = 1", Rows: 0},
		{SQL: "UPDATE app.t SET qty = 0", Rows: 1},
		{SQL: "UPDATE app.t SET name = 'A' WHERE id = 1", Rows: 1},
		{SQL: "UPDATE app.t SET qty = qty + 1, name = CONCAT('n', qty) WHERE app.t.id = 2", Rows: 1},
		{SQL: "UPDATE app.t SET qty = 9 WHERE id = 42", Rows: 0},
	}, Table: "app.t", OrderBy: []string{"id"}, Want: []string{"1|A|0|a@x", "2|n1|1|b@x", "3|c|0|NULL"}},
	{Name: "update order by limit counts matched rows", Setup: threeRows, Steps: []Step{
		{SQL: "UPDATE app.t SET qty = 5 ORDER BY id DESC LIMIT 2", Rows: 1},
		{SQL: "UPDATE app.t SET qty = qty + 1 WHERE qty >= 0 ORDER BY id LIMIT 1", Rows: 1},
	}, Table: "app.t", OrderBy: []string{"id"}, Want: []string{"1|a|1|a@x", "2|b|5|b@x", "3|c|5|NULL"}},
	{Name: "delete", Setup: threeRows, Steps: []Step{
		{SQL: "DELETE FROM app.t WHERE qty = 0 ORDER BY id DESC LIMIT 1", Rows: 1},
		{SQL: "DELETE FROM app.t WHERE id = 42", Rows: 0},
		{SQL: "DELETE FROM app.t WHERE app.t.name = 'B'", Rows: 1},
	}, Table: "app.t", OrderBy: []string{"id"}, Want: []string{"1|a|0|a@x"}},
	{Name: "delete all", Setup: threeRows, Steps: []Step{
		{SQL: "DELETE FROM app.t", Rows: 3},
	}, Table: "app.t", OrderBy: []string{"id"}},
	{Name: "insert ignore", Setup: threeRows, Steps: []Step{
		{SQL: "INSERT IGNORE INTO app.t (id, name) VALUES (1, 'x'), (4, 'd')", Rows: 1},
		{SQL: "INSERT IGNORE INTO app.t (id, name, email) VALUES (5, 'e', 'A@x')", Rows: 0},
		{SQL: "INSERT IGNORE INTO app.t (id, name) SELECT id + 3, name FROM app.t", Rows: 3},
	}, Table: "app.t", OrderBy: []string{"id"}, Want: []string{
		"1|a|0|a@x", "2|b|5|b@x", "3|c|0|NULL", "4|d|0|NULL", "5|b|0|NULL", "6|c|0|NULL", "7|d|0|NULL",
	}},
	{Name: "on duplicate key update", Setup: threeRows, Steps: []Step{
		{SQL: "INSERT INTO app.t (id, name) VALUES (4, 'd') ON DUPLICATE KEY UPDATE qty = qty + 1", Rows: 1},
		{SQL: "INSERT INTO app.t (id, name) VALUES (1, 'x') ON DUPLICATE KEY UPDATE qty = qty + 1", Rows: 2},
		{SQL: "INSERT INTO app.t (id, name) VALUES (2, 'x') ON DUPLICATE KEY UPDATE qty = 5", Rows: 0},
		{SQL: "INSERT INTO app.t (id, name, qty) VALUES (3, 'x', 7), (5, 'e', 1) ON DUPLICATE KEY UPDATE qty = VALUES(qty), name = VALUES(name)", Rows: 3},
		{SQL: "INSERT INTO app.t (id, name, email) VALUES (9, 'z', 'B@X') ON DUPLICATE KEY UPDATE name = 'viaemail'", Rows: 2},
		{SQL: "INSERT INTO app.t (id, name, email) VALUES (1, 'z', 'b@x') ON DUPLICATE KEY UPDATE name = 'viapk'", Rows: 2},
	}, Table: "app.t", OrderBy: []string{"id"}, Want: []string{
		"1|viapk|1|a@x", "2|viaemail|5|b@x", "3|x|7|NULL", "4|d|0|NULL", "5|e|1|NULL",
	}},
	{Name: "replace", Setup: threeRows, Steps: []Step{
		{SQL: "REPLACE INTO app.t (id, name) VALUES (4, 'd')", Rows: 1},
		{SQL: "REPLACE INTO app.t (id, name) VALUES (3, 'cc')", Rows: 2},
		{SQL: "REPLACE INTO app.t (id, name, email) VALUES (1, 'ab', 'b@x')", Rows: 3},
	}, Table: "app.t", OrderBy: []string{"id"}, Want: []string{"1|ab|0|b@x", "3|cc|0|NULL", "4|d|0|NULL"}},
	{Name: "truncate", Setup: threeRows, Steps: []Step{
		{SQL: "TRUNCATE TABLE app.t", Rows: 0},
		{SQL: "INSERT INTO app.t (id, name) VALUES (1, 'again')", Rows: 1},
	}, Table: "app.t", OrderBy: []string{"id"}, Want: []string{"1|again|0|NULL"}},
	{Name: "create and drop tables", Setup: setup(), Steps: []Step{
		{SQL: "CREATE TABLE app.t (id INT)", Err: 1050},
		{SQL: "CREATE TABLE IF NOT EXISTS app.t (id INT)", Rows: 0},
		{SQL: "CREATE TABLE app.u (id BIGINT UNSIGNED NOT NULL, code CHAR(3), note TEXT, price DECIMAL(8,2) DEFAULT 1.50, PRIMARY KEY (id, code), KEY (note(10)))", Rows: 0},
		{SQL: "INSERT INTO app.u (id, code) VALUES (1, 'abc')", Rows: 1},
		{SQL: "INSERT INTO app.u (id, code) VALUES (1, 'ABC')", Err: 1062},
		{SQL: "DROP TABLE app.nope", Err: 1051},
		{SQL: "DROP TABLE app.u, app.nope", Err: 1051},
		{SQL: "DROP TABLE IF EXISTS app.t, app.nope", Rows: 0},
		{SQL: "INSERT INTO app.t (id, name) VALUES (1, 'a')", Err: 1146},
	}, Table: "app.u", OrderBy: []string{"id", "code"}, Want: []string{"1|abc|NULL|1.5"}},
	{Name: "alter table columns", Setup: threeRows, Steps: []Step{
		{SQL: "ALTER TABLE app.t ADD COLUMN note VARCHAR(5) NOT NULL DEFAULT 'n'", Rows: 0},
		{SQL: "ALTER TABLE app.t ADD COLUMN flag TINYINT NOT NULL AFTER id", Rows: 0},
		{SQL: "ALTER TABLE app.t ADD COLUMN note INT", Err: 1060},
		{SQL: "ALTER TABLE app.t DROP COLUMN qty", Rows: 0},
		{SQL: "ALTER TABLE app.t DROP COLUMN nope", Err: 1091},
		{SQL: "ALTER TABLE app.t CHANGE COLUMN name title VARCHAR(20) NOT NULL", Rows: 0},
		{SQL: "ALTER TABLE app.t RENAME COLUMN note TO memo", Rows: 0},
		{SQL: "ALTER TABLE app.t MODIFY COLUMN memo VARCHAR(2)", Rows: 0},
		{SQL: "INSERT INTO app.t (id, title, flag, email) VALUES (4, 'a long title here', 1, 'A@x')", Err: 1062},
		{SQL: "INSERT INTO app.t (id, title, flag, email) VALUES (4, 'a long title here', 1, 'd@x')", Rows: 1},
		{SQL: "ALTER TABLE app.t MODIFY title VARCHAR(5) NOT NULL", Err: 1265},
	}, Table: "app.t", OrderBy: []string{"id"}, Want: []string{
		"1|0|a|a@x|n", "2|0|b|b@x|n", "3|0|c|NULL|n", "4|1|a long title here|d@x|NULL",
	}},
	{Name: "alter table regenerates the table from its definition", Setup: setup(
		"CREATE TABLE app.d (id INT PRIMARY KEY, s VARCHAR(20) DEFAULT 'a,\n  b', n INT, CONSTRAINT pos CHECK (n > 0))"), Steps: []Step{
		{SQL: "INSERT INTO app.d (id) VALUES (1)", Rows: 1},
		{SQL: "ALTER TABLE app.d ADD COLUMN x INT", Rows: 0},
		{SQL: "INSERT INTO app.d VALUES (2, 'q', 7, 8)", Rows: 1},
		{SQL: "UPDATE app.d SET n = n + 1 WHERE x = 8 AND n = 7", Rows: 1},
		{SQL: "ALTER TABLE app.d MODIFY id BIGINT", Rows: 0},
		{SQL: "INSERT INTO app.d (id) VALUES (2)", Err: 1062},
		{SQL: "INSERT INTO app.d (id, n) VALUES (3, 0)", Err: 4025},
		{SQL: "ALTER TABLE app.d ADD COLUMN y VARCHAR(5) DEFAULT ',\n  ' FIRST", Rows: 0},
		{SQL: "INSERT INTO app.d (id, s) VALUES (4, 'z')", Rows: 1},
	}, Table: "app.d", OrderBy: []string{"id"}, Want: []string{
		",\n  |1|a,\n  b|NULL|NULL", ",\n  |2|q|8|8", ",\n  |4|z|NULL|NULL",
	}},
	{Name: "views", Setup: append(threeRows[:len(threeRows):len(threeRows)],
		"CREATE VIEW app.v AS SELECT id, name, qty * 2 AS dbl FROM app.t WHERE qty >= 0"), Steps: []Step{
		{SQL: "CREATE OR REPLACE VIEW app.v (id, name, q1) AS SELECT id, UPPER(name), qty - -1 FROM app.t WHERE id < 3", Rows: 0},
		{SQL: "ALTER TABLE app.t ADD COLUMN note INT", Rows: 0},
		{SQL: "UPDATE app.t SET qty = 4 WHERE id = 1", Rows: 1},
		{SQL: "CREATE VIEW app.w AS SELECT v.id, t.email FROM app.v JOIN app.t ON t.id = v.id", Rows: 0},
		{SQL: "DROP VIEW app.w", Rows: 0},
		{SQL: "CREATE VIEW app.w AS SELECT nope FROM app.t", Err: 1054},
		{SQL: "CREATE VIEW app.w AS SELECT id FROM app.nope", Err: 1146},
	}, Table: "app.v", OrderBy: []string{"id"}, Want: []string{"1|A|5", "2|B|6"}},
	{Name: "indexes", Setup: threeRows, Steps: []Step{
		{SQL: "CREATE INDEX by_name ON app.t (name)", Rows: 0},
		{SQL: "CREATE INDEX by_name ON app.t (qty)", Err: 1061},
		{SQL: "CREATE UNIQUE INDEX uq_qty ON app.t (qty)", Err: 1062},
		{SQL: "ALTER TABLE app.t ADD UNIQUE INDEX uq_name (name)", Rows: 0},
		{SQL: "INSERT INTO app.t (id, name) VALUES (4, 'A')", Err: 1062},
		{SQL: "DROP INDEX uq_name ON app.t", Rows: 0},
		{SQL: "DROP INDEX uq_name ON app.t", Err: 1091},
		{SQL: "ALTER TABLE app.t DROP INDEX by_name", Rows: 0},
		{SQL: "INSERT INTO app.t (id, name) VALUES (4, 'A')", Rows: 1},
	}, Table: "app.t", OrderBy: []string{"id"}, Want: []string{"1|a|0|a@x", "2|b|5|b@x", "3|c|0|NULL", "4|A|0|NULL"}},
	{Name: "rename table", Setup: threeRows, Steps: []Step{
		{SQL: "RENAME TABLE app.t TO app.t2", Rows: 0},
		{SQL: "INSERT INTO app.t (id, name) VALUES (4, 'd')", Err: 1146},
		{SQL: "INSERT INTO app.t2 (id, name, email) VALUES (4, 'd', 'A@X')", Err: 1062},
		{SQL: "ALTER TABLE app.t2 RENAME TO app.t3", Rows: 0},
		{SQL: "UPDATE app.t3 SET qty = 1 WHERE id = 1", Rows: 1},
	}, Table: "app.t3", OrderBy: []string{"id"}, Want: []string{"1|a|1|a@x", "2|b|5|b@x", "3|c|0|NULL"}},
	{Name: "values convert to the column type", Setup: setup(
		"CREATE TABLE app.v (id INT PRIMARY KEY, i INT, d DECIMAL(8,2), f DOUBLE, dt DATETIME, day DATE, s VARCHAR(10))"), Steps: []Step{
		{SQL: "INSERT INTO app.v VALUES (1, 1.5, 1.005, 0.25, '2026-01-02 03:04:05', '2026-01-02', 12)", Rows: 1},
		{SQL: "INSERT INTO app.v VALUES (2, '-2.5', '3.14159', '1e3', '2026-1-2 3:4:5', '2026-01-02', 'x')", Rows: 1},
		{SQL: "INSERT INTO app.v (id, i) SELECT id + 10, d * 3 FROM app.v", Rows: 2},
		{SQL: "UPDATE app.v SET d = d / 3 WHERE id = 2", Rows: 1},
		{SQL: "UPDATE app.v SET i = 2.4 WHERE id = 1", Rows: 0},
		{SQL: "INSERT INTO app.v (id, d) VALUES (3, 1234567.891)", Err: 1264},
		{SQL: "INSERT INTO app.v (id, d) VALUES (3, 'abc')", Err: 1366},
		{SQL: "INSERT INTO app.v (id, dt) VALUES (3, '2026-13-45 00:00:00')", Err: 1292},
		{SQL: "INSERT INTO app.v (id, day) VALUES (3, 'tomorrow')", Err: 1292},
		{SQL: "CREATE TABLE app.e (id INT PRIMARY KEY, color ENUM('red', 'green') NOT NULL DEFAULT 'red', ok BOOLEAN DEFAULT TRUE)", Rows: 0},
		{SQL: "INSERT INTO app.e (id, color) VALUES (1, 'green'), (2, DEFAULT)", Err: 1235},
		{SQL: "INSERT INTO app.e (id) VALUES (2)", Rows: 1},
		{SQL: "INSERT INTO app.e (id, color) VALUES (3, 'blue')", Err: 1265},
	}, Table: "app.v", OrderBy: []string{"id"}, Want: []string{
		"1|2|1.01|0.25|2026-01-02 03:04:05|2026-01-02|12",
		"2|-3|1.05|1000|2026-01-02 03:04:05|2026-01-02|x",
		"11|3|NULL|NULL|NULL|NULL|NULL",
		"12|9|NULL|NULL|NULL|NULL|NULL",
	}},
	{Name: "upsert edge cases", Setup: threeRows, Steps: []Step{
		{SQL: "INSERT INTO app.t (id, name, email) VALUES (2, 'z', 'a@x') ON DUPLICATE KEY UPDATE name = 'hit'", Rows: 2},
		{SQL: "INSERT INTO app.t (id, name) VALUES (5, 'x'), (5, 'y') ON DUPLICATE KEY UPDATE name = VALUES(name)", Rows: 3},
		{SQL: "REPLACE INTO app.t (id, name) VALUES (6, 'x'), (6, 'y')", Rows: 3},
		{SQL: "INSERT INTO app.t (id, name) VALUES (1, 'a') ON DUPLICATE KEY UPDATE name = VALUES(name), qty = qty", Rows: 0},
		{SQL: "INSERT INTO app.t (id, name) SELECT id, 'sel' FROM app.t WHERE id <= 2 ON DUPLICATE KEY UPDATE name = CONCAT(app.t.name, '!')", Rows: 4},
		{SQL: "UPDATE app.t SET email = UPPER(email)", Rows: 2},
		{SQL: "UPDATE app.t SET qty = '6' WHERE id = 2", Rows: 1},
		{SQL: "UPDATE app.t SET qty = '6' WHERE id = 2", Rows: 0},
	}, Table: "app.t", OrderBy: []string{"id"}, Want: []string{
		"1|a!|0|A@X", "2|hit!|6|B@X", "3|c|0|NULL", "5|y|0|NULL", "6|y|0|NULL",
	}},
	{Name: "foreign keys are not enforced", Setup: threeRows, Steps: []Step{
		{SQL: "CREATE TABLE app.child (id INT PRIMARY KEY, t_id INT REFERENCES app.t (id), FOREIGN KEY (t_id) REFERENCES app.t (id))", Rows: 0},
		{SQL: "INSERT INTO app.child VALUES (1, 42)", Rows: 1},
		{SQL: "ALTER TABLE app.child ADD CONSTRAINT fk_t FOREIGN KEY (t_id) REFERENCES app.t (id)", Rows: 0},
		{SQL: "DELETE FROM app.t WHERE id = 1", Rows: 1},
		{SQL: "CREATE TABLE app.ft (id INT PRIMARY KEY, body TEXT, FULLTEXT KEY (body))", Err: 1235},
		{SQL: "CREATE TABLE app.ck (id INT PRIMARY KEY, n INT CHECK (n < 5), CONSTRAINT positive CHECK (n > 0))", Rows: 0},
		{SQL: "INSERT INTO app.ck VALUES (1, 0)", Err: 4025},
		{SQL: "INSERT INTO app.ck VALUES (1, 7)", Err: 4025},
		{SQL: "INSERT INTO app.ck VALUES (1, 3)", Rows: 1},
	}, Table: "app.child", OrderBy: []string{"id"}, Want: []string{"1|42"}},
	{Name: "databases", Steps: []Step{
		{SQL: "CREATE DATABASE app", Rows: 1},
		{SQL: "CREATE DATABASE app", Err: 1007},
		{SQL: "CREATE DATABASE IF NOT EXISTS app", Rows: 0},
		{SQL: "CREATE TABLE nodb.t (id INT)", Err: 1049},
		{SQL: "CREATE TABLE app.t (id INT)", Rows: 0},
		{SQL: "DROP DATABASE nodb", Err: 1008},
		{SQL: "DROP DATABASE IF EXISTS nodb", Rows: 0},
		{SQL: "DROP DATABASE app", Rows: 1},
		{SQL: "CREATE DATABASE app", Rows: 1},
	}},
	{Name: "names with dots are distinct", Setup: []string{"CREATE DATABASE app", "CREATE DATABASE `app.x`"}, Steps: []Step{
		{SQL: "CREATE TABLE `app.x`.y (id INT PRIMARY KEY)", Rows: 0},
		{SQL: "CREATE TABLE app.`x.y` (id INT PRIMARY KEY, KEY `k.1` (id))", Rows: 0},
		{SQL: "CREATE INDEX `k.1` ON `app.x`.y (id)", Rows: 0},
		{SQL: "INSERT INTO `app.x`.y VALUES (1)", Rows: 1},
		{SQL: "INSERT INTO app.`x.y` VALUES (2)", Rows: 1},
		{SQL: "DROP INDEX `k.1` ON app.`x.y`", Rows: 0},
	}, Table: "`app.x`.y", OrderBy: []string{"id"}, Want: []string{"1"}},
	{Name: "dropping a database keeps a dotted namesake", Setup: []string{"CREATE DATABASE d1", "CREATE DATABASE `d1.z`"}, Steps: []Step{
		{SQL: "CREATE TABLE `d1.z`.t (id INT PRIMARY KEY)", Rows: 0},
		{SQL: "INSERT INTO `d1.z`.t VALUES (5)", Rows: 1},
		{SQL: "CREATE TABLE d1.t (id INT PRIMARY KEY)", Rows: 0},
		{SQL: "DROP DATABASE d1", Rows: 1},
	}, Table: "`d1.z`.t", OrderBy: []string{"id"}, Want: []string{"5"}},
	{Name: "drop database", Setup: threeRows, Steps: []Step{
		{SQL: "CREATE TABLE app.other (id INT)", Rows: 0},
		{SQL: "DROP DATABASE app", Rows: 2},
		{SQL: "SELECT 1", Err: 1235},
	}},
}

// ReadSetup is the data the read corpus queries.
var ReadSetup = []string{
	"CREATE DATABASE app",
	"CREATE TABLE app.users (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, city VARCHAR(20))",
	"CREATE TABLE app.orders (id INT PRIMARY KEY, user_id INT NOT NULL, amount DECIMAL(10,2) NOT NULL, status VARCHAR(10))",
	"INSERT INTO app.users VALUES (1, 'alice', 'Paris'), (2, 'bob', 'Berlin'), (3, 'carol', NULL)",
	"INSERT INTO app.orders VALUES (10, 1, 10.50, 'paid'), (11, 1, 20.00, 'open'), (12, 2, 5.25, 'paid')",
}

// ReadCase is one query and its rows, rendered as "v1|v2|...".
type ReadCase struct {
	Name string
	SQL  string
	Want []string
	Err  uint16
}

// Reads is the read corpus.
var Reads = []ReadCase{
	{Name: "join", SQL: "SELECT u.name, o.amount FROM app.users u JOIN app.orders o ON o.user_id = u.id ORDER BY o.id",
		Want: []string{"alice|10.5", "alice|20", "bob|5.25"}},
	{Name: "qualified columns", SQL: "SELECT app.users.name, users.city FROM app.users WHERE app.users.id = 1",
		Want: []string{"alice|Paris"}},
	{Name: "qualified wildcard", SQL: "SELECT app.users.*, o.id FROM app.users JOIN app.orders o ON o.user_id = app.users.id WHERE o.amount < 10",
		Want: []string{"2|bob|Berlin|12"}},
	{Name: "left join and count", SQL: "SELECT u.name, COUNT(o.id) FROM app.users AS u LEFT JOIN app.orders AS o ON o.user_id = u.id GROUP BY u.id, u.name ORDER BY u.id",
		Want: []string{"alice|2", "bob|1", "carol|0"}},
	{Name: "aggregates", SQL: "SELECT user_id, COUNT(*), SUM(amount), MIN(amount), MAX(amount) FROM app.orders GROUP BY user_id HAVING COUNT(*) >= 1 ORDER BY user_id",
		Want: []string{"1|2|30.5|10.5|20", "2|1|5.25|5.25|5.25"}},
	{Name: "subquery", SQL: "SELECT name FROM app.users WHERE id IN (SELECT user_id FROM app.orders WHERE amount > 10) ORDER BY name",
		Want: []string{"alice"}},
	{Name: "exists and derived table", SQL: "SELECT x.name FROM (SELECT name, id FROM app.users) AS x WHERE EXISTS (SELECT 1 FROM app.orders o WHERE o.user_id = x.id AND o.status = 'PAID') ORDER BY x.name",
		Want: []string{"alice", "bob"}},
	{Name: "case-insensitive comparisons", SQL: "SELECT name FROM app.users WHERE city = 'PARIS' OR name LIKE 'BO%' ORDER BY id",
		Want: []string{"alice", "bob"}},
	{Name: "union and limit", SQL: "SELECT id FROM app.users UNION SELECT user_id FROM app.orders ORDER BY id DESC LIMIT 1, 2",
		Want: []string{"2", "1"}},
	{Name: "distinct and case", SQL: "SELECT DISTINCT CASE WHEN amount > 10 THEN 'big' ELSE 'small' END AS size FROM app.orders ORDER BY size",
		Want: []string{"big", "small"}},
	{Name: "string functions", SQL: "SELECT CONCAT(name, '-', id), CONCAT('x', NULL), CONCAT_WS(',', name, city), UPPER(name), UCASE(name), LCASE('AB'), LEFT(name, 2), RIGHT(name, 2), CHAR_LENGTH(name), LOCATE('LI', name), INSTR(name, 'ce'), SUBSTRING(name, 2, 3), REPLACE(name, 'a', 'A') FROM app.users WHERE id = 1",
		Want: []string{"alice-1|NULL|alice,Paris|ALICE|ALICE|ab|al|ce|5|2|4|lic|Alice"}},
	{Name: "null functions", SQL: "SELECT IFNULL(city, 'none'), COALESCE(NULL, city, 'x'), IF(city IS NULL, 'no', 'yes'), NULLIF(id, 3) FROM app.users ORDER BY id",
		Want: []string{"Paris|Paris|yes|1", "Berlin|Berlin|yes|2", "none|x|no|NULL"}},
	{Name: "operators", SQL: "SELECT 7 DIV 2, 7 % 3, 1 / 4, 1 / 0, NULL <=> NULL, 1 <=> NULL, TRUE, FALSE, 'abc' REGEXP '^A', 'a_c' LIKE 'a\\_c', 'abc' LIKE 'a\\_c'",
		Want: []string{"3|1|0.25|NULL|1|0|1|0|1|1|0"}},
	{Name: "casts", SQL: "SELECT CAST('12' AS SIGNED), CAST(-1 AS SIGNED), CAST(12 AS CHAR), CAST('1.239' AS DECIMAL(10,2)), GREATEST(1, 5, 3), LEAST(4, 2, 8)",
		Want: []string{"12|-1|12|1.24|5|2"}},
	{Name: "group_concat", SQL: "SELECT user_id, GROUP_CONCAT(status ORDER BY id DESC SEPARATOR ';'), GROUP_CONCAT(DISTINCT status) FROM app.orders GROUP BY user_id ORDER BY user_id",
		Want: []string{"1|open;paid|open,paid", "2|paid|paid"}},
	{Name: "date functions", SQL: "SELECT DATE_FORMAT('2026-01-02 03:04:05', '%Y/%m/%d %H:%i:%s %b %W'), YEAR('2026-01-02'), MONTH('2026-03-02 10:00:00'), DAY('2026-03-02'), DATE('2026-01-02 03:04:05'), UNIX_TIMESTAMP('2026-01-02 00:00:00')",
		Want: []string{"2026/01/02 03:04:05 Jan Friday|2026|3|2|2026-01-02|1767312000"}},
	{Name: "date format of an empty format", SQL: "SELECT DATE_FORMAT('2026-01-02', '') IS NULL, CONCAT('x', DATE_FORMAT('2026-01-02', ''))",
		Want: []string{"1|NULL"}},
	{Name: "predicates", SQL: "SELECT id FROM app.orders WHERE amount BETWEEN 5 AND 11 AND status IN ('PAID', 'x') AND status IS NOT NULL AND status NOT LIKE 'o%' ORDER BY id",
		Want: []string{"10", "12"}},
	{Name: "literal comparisons", SQL: "SELECT 'a' = 'A', 'abc' < 'ABD', 'x' <> 'X', 1 = '1', 'b' IN ('B')",
		Want: []string{"1|1|0|1|1"}},
	{Name: "numbers", SQL: "SELECT ABS(-3), ROUND(2.5), ROUND(1.234, 2), FLOOR(-1.5), CEIL(1.2), MOD(10, 4), COUNT(DISTINCT user_id), ROUND(AVG(amount), 2) FROM app.orders",
		Want: []string{"3|3|1.23|-2|2|2|2|11.92"}},
	// A DOUBLE negative zero converts to the string 0, as MariaDB prints it.
	{Name: "negative zero as text", SQL: "SELECT CONCAT_WS('', 'x', - 1e2 % - 1e2), CONCAT(-1e2 * 0), REPLACE(-1e2 * 0, '0', 'z'), LENGTH(-1e2 * 0), LPAD(-1e2 * 0, 3, 'x')",
		Want: []string{"x0|0|z|1|xx0"}},
	{Name: "minus minus", SQL: "SELECT 5 - -2 + 100 AS x, 7 AS y", Want: []string{"107|7"}},
	{Name: "minus minus in where", SQL: "SELECT id FROM app.users WHERE id - -1 = 3", Want: []string{"2"}},
	{Name: "NUL literal", SQL: "SELECT 'x\\0y', 'x\\0y' = 'x\\0z', HEX('a\\0')", Want: []string{"x\x00y|0|6100"}},
	{Name: "unknown table", SQL: "SELECT * FROM app.nope", Err: 1146},
	{Name: "unknown column", SQL: "SELECT nope FROM app.users", Err: 1054},
	{Name: "unknown function named like a number", SQL: "SELECT 000A(0%B'')000000A", Err: 1305},
	{Name: "unknown function", SQL: "SELECT nope(1) FROM app.users", Err: 1305},
	{Name: "unknown stored function", SQL: "SELECT app.nope(1), G.0000000000('')A0 FROM app.users", Err: 1305},
	{Name: "bit literals", SQL: "SELECT HEX(B'101'), HEX(B''), CONCAT(B'1000001', 'b'), B'' IS NULL",
		Want: []string{"05||Ab|0"}},
}
