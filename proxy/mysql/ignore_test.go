package mysql_test

import "testing"

// TestUpdateIgnore: UPDATE IGNORE on a SQLite node was a strict UPDATE: a
// value too long or out of range failed with 1406 or 1264, NULL in a NOT
// NULL column with 1048, 'abc' + 1 with 1292, and a row whose new unique key
// another row held with 1062, where MariaDB stores the value clipped into
// its column (a string cut, a number at its type's end, NULL as the type's
// zero) and leaves that row out: the same chain statement changed a MariaDB
// node's rows and failed on a SQLite node. Values read off MariaDB 10.11.
func TestUpdateIgnore(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		_, db := appNode(t, backend, "CREATE TABLE app.ui (id INT PRIMARY KEY, u INT UNIQUE, v VARCHAR(3), t TINYINT, "+
			"tu TINYINT UNSIGNED, d DECIMAL(4,1), s SET('a','b'), n INT NOT NULL, tm TIME, vb VARBINARY(2))",
			"INSERT INTO app.ui VALUES (1, 1, 'a', 1, 1, 1.0, 'a', 1, '01:00:00', 'a'), (2, 2, 'b', 2, 2, 2.0, 'b', 2, '02:00:00', 'b'),"+
				" (3, 3, 'c', 3, 3, 3.0, '', 3, NULL, NULL)")
		wantRows(t, db, "UPDATE IGNORE app.ui SET u = 2 WHERE id IN (1, 3)", 0)
		// In key order: 1 → 2 and 2 → 3 are taken, 3 → 4 is not.
		wantRows(t, db, "UPDATE IGNORE app.ui SET u = u + 1", 1)
		wantRows(t, db, "UPDATE IGNORE app.ui SET v = CONCAT(v, 'xyzw'), t = t * 100, tu = -5, d = 12345.67, "+
			"s = 'a,q', n = NULL, tm = '900:00:00', vb = 'abcdef' WHERE id = 1", 1)
		wantRows(t, db, "UPDATE IGNORE app.ui SET v = 'abc' + 1, t = 'x7' WHERE id = 2", 1)
		wantRows(t, db, "UPDATE IGNORE app.ui SET n = n + 1, u = 7 WHERE id >= 2", 1)
		assertRows(t, db, "SELECT * FROM app.ui ORDER BY id", [][]string{
			{"1", "1", "axy", "100", "0", "999.9", "a", "0", "838:59:59", "ab"},
			{"2", "7", "1", "0", "2", "2.0", "b", "3", "02:00:00", "b"},
			{"3", "4", "c", "3", "3", "3.0", "", "3", "NULL", "NULL"}})
		// Without IGNORE the same statements still fail.
		assertWriteErrors(t, db, []writeError{{"UPDATE app.ui SET u = 4 WHERE id = 1", 1062},
			{"UPDATE app.ui SET v = 'abcd' WHERE id = 1", 1406}, {"UPDATE app.ui SET n = NULL WHERE id = 1", 1048}})
	})
}

// TestIgnoreWritesADoubleAsMariaDBDoes: INSERT IGNORE and UPDATE IGNORE of
// a DOUBLE into a CHAR or VARCHAR column stored SQLite's text for it on a
// SQLite node ('1.0', '123456.789' cut to '12345'), where MariaDB writes
// its own ('1'), with the most significant digits that fit ('1.2e5'), as
// a strict write does. Values read off MariaDB 10.11.
func TestIgnoreWritesADoubleAsMariaDBDoes(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		_, db := appNode(t, backend, "CREATE TABLE app.uv (id INT PRIMARY KEY, v VARCHAR(5), c CHAR(3))")
		mustExec(t, db, "INSERT IGNORE INTO app.uv VALUES (1, 'abc' + 1, 1e0), (2, 1e0, 2.5e0), (3, 2.5e0 + 1, 'abcdef'),"+
			" (5, 123456.789e0, 1234.5e0), (6, 0.1e0 + 0.2e0, NULL), (7, -1234567e0, -1e0)")
		mustExec(t, db, "UPDATE IGNORE app.uv SET v = 'x' + 1, c = 12345e0 WHERE id = 3")
		assertRows(t, db, "SELECT * FROM app.uv ORDER BY id", [][]string{{"1", "1", "1"}, {"2", "1", "2.5"}, {"3", "1", "1e4"},
			{"5", "1.2e5", "1e3"}, {"6", "0.3", "NULL"}, {"7", "-1e6", "-1"}})
	})
}
