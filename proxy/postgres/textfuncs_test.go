package postgres_test

import "testing"

// TestTextFunctionsAsPostgreSQL: strpos, position, split_part, repeat,
// reverse, md5, ascii, chr, left, right, lpad, rpad and initcap answered
// 0A000 (not translated) on a SQLite node; they now answer as
// PostgreSQL's, errors included.
func TestTextFunctionsAsPostgreSQL(t *testing.T) {
	sameAsPostgreSQL(t,
		"CREATE TABLE tf (id int PRIMARY KEY, s text, c char(6), n int)",
		"INSERT INTO tf VALUES (1, 'a,b,c', 'ab ', 2), (2, '', 'Ä', -1), (3, NULL, NULL, 0)",
		"SELECT id, strpos(s, ','), position('b' in s), split_part(s, ',', 2), split_part(s, ',', -1), split_part(s, ',', 9), "+
			"repeat(c, 2), reverse(s), md5(s), ascii(c), ascii(s), chr(196) FROM tf ORDER BY id",
		"SELECT split_part(s, ',', n) FROM tf WHERE id = 3",
		"SELECT split_part(s, ',', n) FROM tf WHERE id < 3 ORDER BY id",
		"SELECT split_part('a', ',', 0)",
		"SELECT chr(0)",
		"SELECT strpos(n, 'a') FROM tf",
		"SELECT id, left(s, 2), left(s, -2), right(s, 2), right(s, -2), left(s, 0), lpad(s, 7), lpad(s, 2, 'x'), "+
			"lpad(c, 6, 'xy'), lpad(s, 5, ''), rpad(s, 7, 'é'), lpad(s, -1), initcap(s) FROM tf ORDER BY id",
		"SELECT initcap('hello wORLD-foo_bar 3rd éTÉ'), left(NULL, 1), rpad('ab', n) FROM tf ORDER BY id",
	)
}

// TestDateArithmeticAsPostgreSQL: date + integer, date - integer, integer
// + date and date - date answered 0A000 (not translated) on a SQLite node.
func TestDateArithmeticAsPostgreSQL(t *testing.T) {
	sameAsPostgreSQL(t,
		"CREATE TABLE da (id int PRIMARY KEY, d date, e date, n int)",
		"INSERT INTO da VALUES (1, '2024-02-28', '2024-03-01', 1), (2, '2023-12-31', '2024-01-01', -31), (3, NULL, '2000-01-01', 2)",
		"SELECT id, d + 1, d - n, n + d, e - d, d + n, e - 1 FROM da ORDER BY id",
		"SELECT id FROM da WHERE d + 2 >= e ORDER BY id",
		"UPDATE da SET d = e + 7 WHERE id = 3",
		"SELECT id, d, d - e FROM da ORDER BY id",
	)
}

// TestRegexOperatorsAsPostgreSQL: ~, ~*, !~ and !~* answered 0A000 (not
// translated) on a SQLite node.
func TestRegexOperatorsAsPostgreSQL(t *testing.T) {
	sameAsPostgreSQL(t,
		"CREATE TABLE rx (id int PRIMARY KEY, s text, c varchar(8))",
		"INSERT INTO rx VALUES (1, 'Apple pie', 'ab12'), (2, 'banana', 'AB'), (3, NULL, 'x')",
		"SELECT id, s ~ '^A', s ~* '^a', s !~ 'an', s !~* 'PIE$', c ~ '[0-9]+', c ~ '^[a-z]{2}$' FROM rx ORDER BY id",
		"SELECT id FROM rx WHERE s ~ 'a(n|p)' ORDER BY id",
		"UPDATE rx SET c = 'hit' WHERE s ~* 'BAN'",
		"SELECT id, c FROM rx ORDER BY id",
		"SELECT 'a' ~ '('",
		"SELECT E'a\\nb' ~ 'a.b', E'x\\ny' ~ '^y', E'x\\ny' ~ 'x$'",
		"SELECT id ~ '1' FROM rx",
	)
}

// TestExtractAndDateTruncAsPostgreSQL: extract, date_part and date_trunc
// answered 0A000 (not translated) on a SQLite node; their whole-number
// fields now answer as PostgreSQL's.
func TestExtractAndDateTruncAsPostgreSQL(t *testing.T) {
	sameAsPostgreSQL(t,
		"CREATE TABLE dt (id int PRIMARY KEY, d date, ts timestamp, tz timestamptz)",
		"INSERT INTO dt VALUES (1, '2024-02-29', '2024-02-29 10:20:30.5', '2024-12-31 23:59:59'), (2, '2021-01-03', '1999-12-31 00:00:00', '2001-01-01 00:00:00'), (3, NULL, NULL, NULL)",
		"SELECT id, extract(year FROM d), extract(month FROM ts), extract(day FROM tz), extract(hour FROM ts), extract(minute FROM ts), "+
			"extract(dow FROM d), extract(isodow FROM d), extract(doy FROM ts), extract(quarter FROM tz), extract(week FROM d), "+
			"extract(isoyear FROM d), extract(decade FROM ts), extract(century FROM ts), extract(millennium FROM tz) FROM dt ORDER BY id",
		"SELECT id, date_part('year', d), date_part('dow', ts), date_part('week', tz) FROM dt ORDER BY id",
		"SELECT id, date_trunc('second', ts), date_trunc('minute', ts), date_trunc('hour', tz), date_trunc('day', ts), date_trunc('week', d), "+
			"date_trunc('month', ts), date_trunc('quarter', tz), date_trunc('year', d), date_trunc('decade', ts), date_trunc('century', ts), "+
			"date_trunc('millennium', tz) FROM dt ORDER BY id",
		"SELECT extract(month FROM ts), count(*) FROM dt GROUP BY 1 ORDER BY 1",
	)
}

// TestMoreTextFunctionsAsPostgreSQL: translate, starts_with, octet_length
// and regexp_replace answered 0A000 (not translated) on a SQLite node.
func TestMoreTextFunctionsAsPostgreSQL(t *testing.T) {
	sameAsPostgreSQL(t,
		"CREATE TABLE mt (id int PRIMARY KEY, s text, v varchar(12))",
		"INSERT INTO mt VALUES (1, 'Hello World', 'é€😀'), (2, 'a.b.c', 'abc'), (3, NULL, '')",
		"SELECT id, translate(s, 'lo', 'L'), translate(v, 'é😀', 'e'), starts_with(s, 'He'), starts_with(v, ''), "+
			"octet_length(s), octet_length(v) FROM mt ORDER BY id",
		"SELECT id, regexp_replace(s, 'o', '0'), regexp_replace(s, 'o', '0', 'g'), regexp_replace(s, '(l+)(o)', '<\\2\\1>', 'g'), "+
			"regexp_replace(s, 'h', 'J', 'i'), regexp_replace(s, '\\.', '\\&\\&', 'g'), regexp_replace(s, 'W.*', '\\\\x\\q') FROM mt ORDER BY id",
		"SELECT id FROM mt WHERE starts_with(v, 'ab') OR regexp_replace(s, '[^a-z]', '', 'g') = 'ellloorld' ORDER BY id",
		"UPDATE mt SET v = translate(v, 'abc', 'xy') WHERE id = 2",
		"SELECT id, v FROM mt ORDER BY id",
		"SELECT regexp_replace('abc', '(', 'x')",
		"SELECT starts_with(1, '1')",
	)
}

// TestUntypedLiteralArgumentsAsPostgreSQL: a quoted literal or NULL given
// for a text function's integer argument takes that type, as PostgreSQL
// resolves an unknown literal; one integer_in refuses is 22P02, one past
// int4 22003. The SQLite node refused them all with 42883 ("function
// left(, ) does not exist").
func TestUntypedLiteralArgumentsAsPostgreSQL(t *testing.T) {
	sameAsPostgreSQL(t,
		"SELECT left('abcd', '2'), right('abcd', ' 3 '), repeat('ab', '2'), lpad('ab', '5', 'x'), split_part('a,b,c', ',', '2'), chr('65')",
		"SELECT left('abcd', NULL) IS NULL, repeat('ab', NULL) IS NULL, split_part('a,b,c', ',', NULL) IS NULL",
		"SELECT left('abcd', '2.6')",
		"SELECT repeat('ab', '99999999999')",
	)
}

// TestNumericNegativeZeroAsPostgreSQL: numeric has no negative zero, so a
// literal -0.0 is 0.0; the SQLite node kept '-0.0' and printed it.
func TestNumericNegativeZeroAsPostgreSQL(t *testing.T) {
	sameAsPostgreSQL(t, "SELECT -0.0, coalesce(-0.00, 1), least(-0.0, 2), 'x' || -0.0, -0.0 = 0, -1.50")
}
