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

// TestUpsertReportsTheLastRowsID: a multi-row INSERT … ON DUPLICATE KEY
// UPDATE that inserts no row and changes some reports the id of the last
// row it went through, changed or not (MariaDB's auto-increment value of
// that row). A MariaDB-backed node, which runs such a statement row by row
// to give out its ids, reported the last row it changed (1 here, for
// 'k2'), where MariaDB and a SQLite node report 10: the last row found the
// row with id 10 and left it as it was (i = -1 + 0.5 rounds back to -1).
// Found by differential seed 633.
func TestUpsertReportsTheLastRowsID(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		_, db := appNode(t, backend, "CREATE TABLE app.up (id INT AUTO_INCREMENT PRIMARY KEY, k VARCHAR(12) NOT NULL UNIQUE, i INT)",
			"INSERT INTO app.up (id, k, i) VALUES (1, 'k2', 81), (10, 'x', -1)")
		res := mustExec(t, db, "INSERT INTO app.up (k, i) VALUES ('k2', 5), ('x', 56) ON DUPLICATE KEY UPDATE i = i + 0.5")
		id, _ := res.LastInsertId()
		n, _ := res.RowsAffected()
		if id != 10 || n != 2 {
			t.Errorf("insert id %d, %d rows affected; want 10 and 2", id, n)
		}
		res = mustExec(t, db, "INSERT INTO app.up (k, i) VALUES ('x', 1), ('k2', 1) ON DUPLICATE KEY UPDATE i = i")
		if id, _ := res.LastInsertId(); id != 0 {
			t.Errorf("nothing changed: insert id %d, want 0", id)
		}
		assertRows(t, db, "SELECT id, k, i FROM app.up ORDER BY id", [][]string{{"1", "k2", "82"}, {"10", "x", "-1"}})
	})
}
