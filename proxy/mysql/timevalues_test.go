package mysql_test

import "testing"

// TestStrictTimeValues: a strict INSERT or UPDATE of a value that reads as
// no TIME ('abc', the empty string, '12:60:00', '99', '12:34:56 x', '1e3'
// as a string) or lies outside TIME's range ('839:00:00') fails with 1292 on
// MariaDB; a SQLite node stored it as it was (or, for '1e3', the number
// 1000), so the same chain statement failed on one node and changed the
// other's rows. A number of more than seven digits is a date and time
// (20240102101112 stores 10:11:12) on both, as is a string joining date
// and time with a T; eight digits alone in a string are a date, no TIME
// (the number is midnight). Values read off MariaDB 10.11.
func TestStrictTimeValues(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		_, db := appNode(t, backend, "CREATE TABLE app.tv (id INT PRIMARY KEY, t TIME, t3 TIME(3), s VARCHAR(20))",
			"INSERT INTO app.tv (id, t, t3, s) VALUES (1, '1 02:03:04', '12:34:56.7891', 'abc'), (2, '12:3', '-838:59:59', '12:00'),"+
				" (3, 1e3, 20240102101112, ''), (4, '20240102101112', x'3132', '25:00'), (5, '34 12:00:00', 12.5, NULL),"+
				" (7, '2024-01-02T10:11:12', '12.', NULL), (8, 20240102, '12:34:56.5 ', NULL)")
		assertRows(t, db, "SELECT id, t, t3 FROM app.tv ORDER BY id", [][]string{
			{"1", "26:03:04", "12:34:56.789"}, {"2", "12:03:00", "-838:59:59.000"}, {"3", "00:10:00", "10:11:12.000"},
			{"4", "10:11:12", "00:00:12.000"}, {"5", "828:00:00", "00:00:12.500"}, {"7", "10:11:12", "00:00:12.000"},
			{"8", "00:00:00", "12:34:56.500"}})
		var refused []writeError
		for _, v := range []string{"'abc'", "''", "' '", "'12:60:00'", "'12:34:61'", "'99'", "'12:34:56 x'", "'1e3'",
			"'839:00:00'", "'-839:00:00'", "'35 00:00:00'", "99", "99999999", "'20240102'", "'2024.01.02'", "'10:11:12.1x'"} {
			refused = append(refused, writeError{"INSERT INTO app.tv (id, t) VALUES (20, " + v + ")", 1292})
		}
		refused = append(refused, writeError{"UPDATE app.tv SET t3 = 'zz' WHERE id = 1", 1292},
			writeError{"UPDATE app.tv SET t = s WHERE id = 1", 1292},
			writeError{"INSERT INTO app.tv (id, t) SELECT 21, s FROM app.tv WHERE id = 3", 1292})
		assertWriteErrors(t, db, refused)
		mustExec(t, db, "UPDATE app.tv SET t = s WHERE id IN (2, 4)")
		mustExec(t, db, "INSERT IGNORE INTO app.tv (id, t) VALUES (6, 'qq')")
		assertRows(t, db, "SELECT id, t FROM app.tv WHERE id IN (2, 4, 6) ORDER BY id", [][]string{
			{"2", "12:00:00"}, {"4", "25:00:00"}, {"6", "00:00:00"}})
	})
}
