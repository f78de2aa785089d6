package mysql_test

import "testing"

// TestEnumAndSetValuesAsMariaDBStoresThem: a SQLite node refused with 1265
// values MariaDB stores into ENUM and SET columns — an ENUM's number written
// as a string ('2', ' 2', '+2', '00002') or as a DECIMAL or DOUBLE (its
// integer part: 2.5 and 2.5e0 are the second member, 3.9 the third), a SET's
// bits written with leading spaces or a '+' or as a DECIMAL (5.5 is 'a,c';
// -0.5 the empty set) — so the same chain statement changed a MariaDB
// node's rows and failed on a SQLite node. What MariaDB refuses is still
// 1265. Values read off MariaDB 10.11.
func TestEnumAndSetValuesAsMariaDBStoresThem(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		_, db := appNode(t, backend, "CREATE TABLE app.ev (id INT PRIMARY KEY, e ENUM('a','b','c'), s SET('a','b','c'))",
			"INSERT INTO app.ev VALUES (1, '2', ' 5'), (2, ' 2', '+5'), (3, '+2', 5.5), (4, '00002', 7.9e0), (5, 2.5, -0.5),"+
				" (6, 3.9, 3.0), (7, 2.5e0, '05'), (8, 'B ', 'a,b,a')")
		assertRows(t, db, "SELECT id, e, e + 0, s, s + 0 FROM app.ev ORDER BY id", [][]string{
			{"1", "b", "2", "a,c", "5"}, {"2", "b", "2", "a,c", "5"}, {"3", "b", "2", "a,c", "5"}, {"4", "b", "2", "a,b,c", "7"},
			{"5", "b", "2", "", "0"}, {"6", "c", "3", "a,b", "3"}, {"7", "b", "2", "a,c", "5"}, {"8", "b", "2", "a,b", "3"}})
		mustExec(t, db, "UPDATE app.ev SET e = 1.9, s = 6.7 WHERE id = 1")
		assertRows(t, db, "SELECT e, s FROM app.ev WHERE id = 1", [][]string{{"a", "b,c"}})
		var refused []writeError
		for _, v := range []string{"'2.7'", "'0'", "''", "'     2'", "'-2'", "'4'", "0.4", "-0.5", "0", "'a,b'", "' a'"} {
			refused = append(refused, writeError{"INSERT INTO app.ev (id, e) VALUES (20, " + v + ")", 1265})
		}
		for _, v := range []string{"'5 '", "'9'", "'-1'", "'5.0'", "8", "-1", "'a,,b'", "' a'"} {
			refused = append(refused, writeError{"INSERT INTO app.ev (id, s) VALUES (20, " + v + ")", 1265})
		}
		refused = append(refused, writeError{"UPDATE app.ev SET e = '' WHERE id = 2", 1265})
		assertWriteErrors(t, db, refused)
		assertRows(t, db, "SELECT COUNT(*), MIN(e) FROM app.ev", [][]string{{"8", "a"}})
	})
}

// TestInsertIgnoreIntoEnumAndSet: INSERT IGNORE of a value no ENUM member
// failed with 1265 on a SQLite node, where MariaDB stores the empty string (the ENUM's
// error value, number 0, sorted first) and a SET's members that were found
// (a number past the last member keeps the bits of members); NULL in an
// ENUM NOT NULL column is its first member. Values read off MariaDB 10.11.
func TestInsertIgnoreIntoEnumAndSet(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		_, db := appNode(t, backend, "CREATE TABLE app.ig (id INT PRIMARY KEY, e ENUM('a','b','c'), s SET('a','b','c'), en ENUM('x','y') NOT NULL, sn SET('x','y') NOT NULL)")
		mustExec(t, db, "INSERT IGNORE INTO app.ig VALUES (1, 'q', 'x,b,y', NULL, NULL), (2, 0, 'a,,b', 'z', 9),"+
			" (3, 'B', 9, 'y', 'x'), (4, -1, -1, 3, '5.0'), (5, ' a', ' a', 2.5, 'X, y'), (6, 4, '9', '', 3)")
		assertRows(t, db, "SELECT id, e, e + 0, s, s + 0, en, en + 0, sn FROM app.ig ORDER BY e, id", [][]string{
			{"1", "", "0", "b", "2", "x", "1", ""}, {"2", "", "0", "a,b", "3", "", "0", "x"}, {"4", "", "0", "a,b,c", "7", "", "0", ""},
			{"5", "", "0", "", "0", "y", "2", "x"}, {"6", "", "0", "a", "1", "", "0", "x,y"}, {"3", "b", "2", "a", "1", "y", "2", "x"}})
		assertRows(t, db, "SELECT GROUP_CONCAT(id ORDER BY id) FROM app.ig WHERE e = 0 AND en = ''", [][]string{{"2,4,6"}})
		// The empty string is only ever INSERT IGNORE's: a strict write of
		// it still fails.
		assertWriteErrors(t, db, []writeError{{"INSERT INTO app.ig VALUES (7, '', '', 'x', '')", 1265}})
	})
}

// TestEnumNotNullDefaultsToItsFirstMember: an ENUM NOT NULL column declared
// without a DEFAULT has its first member as its default on MariaDB, so an
// INSERT leaving it out stores that member (a SET's is still 1364), and a
// column added so gives existing rows that member; a SQLite node refused
// the INSERT with 1364 and the ALTER with 1265. Values read off MariaDB
// 10.11.
func TestEnumNotNullDefaultsToItsFirstMember(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		_, db := appNode(t, backend, "CREATE TABLE app.ed (id INT PRIMARY KEY, e ENUM('x','y') NOT NULL, s SET('a','b') NOT NULL)",
			"INSERT INTO app.ed (id, s) VALUES (1, 'b')")
		assertWriteErrors(t, db, []writeError{{"INSERT INTO app.ed (id) VALUES (2)", 1364}})
		mustExec(t, db, "ALTER TABLE app.ed ADD COLUMN f ENUM('p','q') NOT NULL, ADD COLUMN g SET('p','q') NOT NULL")
		assertRows(t, db, "SELECT id, e, s, f, g FROM app.ed", [][]string{{"1", "x", "b", "p", ""}})
	})
}

// TestAlterTableIntoEnum: ALTER TABLE changing a column into an ENUM or
// SET converts its values as MariaDB does ('B' becomes the member 'b', 2
// the second member, a value no member fails with 1265), and an ENUM's empty string
// (INSERT IGNORE's error value) survives an ALTER that keeps the column an
// ENUM. On a SQLite node the values were copied as they were. Values read
// off MariaDB 10.11.
func TestAlterTableIntoEnum(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		_, db := appNode(t, backend, "CREATE TABLE app.al (id INT PRIMARY KEY, e ENUM('a','b'), v VARCHAR(5), n INT)")
		mustExec(t, db, "INSERT IGNORE INTO app.al VALUES (1, 'zz', '', 2), (2, 'a', 'B', 1)")
		mustExec(t, db, "ALTER TABLE app.al MODIFY e ENUM('a','b','c'), MODIFY n ENUM('x','y')")
		assertRows(t, db, "SELECT id, e, e + 0, n FROM app.al ORDER BY id", [][]string{{"1", "", "0", "y"}, {"2", "a", "1", "x"}})
		assertWriteErrors(t, db, []writeError{{"ALTER TABLE app.al MODIFY v ENUM('a','b')", 1265}})
		mustExec(t, db, "DELETE FROM app.al WHERE id = 1")
		mustExec(t, db, "ALTER TABLE app.al MODIFY v SET('a','b')")
		assertRows(t, db, "SELECT id, v FROM app.al", [][]string{{"2", "b"}})
	})
}
