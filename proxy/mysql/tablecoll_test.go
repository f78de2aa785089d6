package mysql_test

import "testing"

// TestTableDefaultCollation: a table declared COLLATE=utf8mb4_bin gives
// its text columns declared without a collation of their own that
// collation on MariaDB, at CREATE TABLE and for the columns ALTER TABLE
// adds or redefines later; CONVERT TO gives it to every text column. A
// SQLite node read no table option, so such columns folded case: the
// UPDATE below changed three rows there and one on a MariaDB node, and the
// UNIQUE key refused 'A' beside 'a'. Values read off MariaDB 10.11.
func TestTableDefaultCollation(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		_, db := appNode(t, backend,
			"CREATE TABLE app.tb (id INT PRIMARY KEY, b VARCHAR(10), g VARCHAR(10) COLLATE utf8mb4_general_ci, "+
				"c VARCHAR(10) CHARACTER SET utf8mb4, n INT) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
			"INSERT INTO app.tb VALUES (1, 'abc', 'abc', 'abc', 0), (2, 'ABC', 'ABC', 'ABC', 0), (3, 'Abc', 'Abc', 'Abc', 0)")
		mustExec(t, db, "UPDATE app.tb SET n = 1 WHERE b = 'abc'")
		assertRows(t, db, "SELECT id, n, g = 'abc', c = 'abc' FROM app.tb ORDER BY id", [][]string{
			{"1", "1", "1", "1"}, {"2", "0", "1", "1"}, {"3", "0", "1", "1"}})
		mustExec(t, db, "ALTER TABLE app.tb ADD COLUMN d VARCHAR(10), MODIFY g VARCHAR(12)")
		mustExec(t, db, "UPDATE app.tb SET d = b")
		assertRows(t, db, "SELECT GROUP_CONCAT(id ORDER BY id) FROM app.tb WHERE d = 'ABC' OR g = 'ABC'", [][]string{{"2"}})
		mustExec(t, db, "ALTER TABLE app.tb CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci")
		assertRows(t, db, "SELECT COUNT(*) FROM app.tb WHERE c = 'ABC' AND d = 'abc'", [][]string{{"3"}})
		assertWriteErrors(t, db, []writeError{{"ALTER TABLE app.tb ADD UNIQUE KEY (d)", 1062}})
		mustExec(t, db, "CREATE TABLE app.tu (id INT PRIMARY KEY, k VARCHAR(5) UNIQUE) COLLATE utf8mb4_bin")
		mustExec(t, db, "INSERT INTO app.tu VALUES (1, 'a'), (2, 'A')")
		assertWriteErrors(t, db, []writeError{{"INSERT INTO app.tu VALUES (3, 'a')", 1062}})
	})
}

// TestDatabaseDefaultCollation: a table created without a collation or a
// character set of its own in a database created COLLATE utf8mb4_bin takes
// that collation on MariaDB (one naming only a character set takes that
// set's default, the general one); a SQLite node read no database option,
// so a UNIQUE key there refused 'A' beside 'a'. Values read off MariaDB
// 10.11.
func TestDatabaseDefaultCollation(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		_, db := appNode(t, backend, "CREATE DATABASE bindb COLLATE utf8mb4_bin",
			"CREATE TABLE bindb.k (id INT PRIMARY KEY, v VARCHAR(5) UNIQUE)",
			"CREATE TABLE bindb.g (id INT PRIMARY KEY, v VARCHAR(5) UNIQUE) CHARSET=utf8mb4")
		mustExec(t, db, "INSERT INTO bindb.k VALUES (1, 'a'), (2, 'A')")
		mustExec(t, db, "INSERT INTO bindb.g VALUES (1, 'a')")
		assertWriteErrors(t, db, []writeError{{"INSERT INTO bindb.g VALUES (2, 'A')", 1062}})
		assertRows(t, db, "SELECT COUNT(*) FROM bindb.k WHERE v = 'a'", [][]string{{"1"}})
		mustExec(t, db, "DROP DATABASE bindb")
		mustExec(t, db, "CREATE DATABASE bindb")
		mustExec(t, db, "CREATE TABLE bindb.k (id INT PRIMARY KEY, v VARCHAR(5) UNIQUE)")
		mustExec(t, db, "INSERT INTO bindb.k VALUES (1, 'a')")
		assertWriteErrors(t, db, []writeError{{"INSERT INTO bindb.k VALUES (2, 'A')", 1062}})
	})
}
