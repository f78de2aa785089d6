package difftest

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

func TestSameSeedSameStream(t *testing.T) {
	a, b := NewGenerator(7, 3).Segment(300), NewGenerator(7, 3).Segment(300)
	if len(a) != len(b) {
		t.Fatalf("lengths %d and %d", len(a), len(b))
	}
	for i := range a {
		if a[i].String() != b[i].String() {
			t.Fatalf("statement %d differs:\n%s\n%s", i, a[i], b[i])
		}
	}
	if c := NewGenerator(8, 3).Segment(300); c[10].String() == a[10].String() && c[20].String() == a[20].String() {
		t.Errorf("another seed gives the same stream")
	}
}

// TestGeneratorBreadth checks the stream exercises what the tester
// promises: every production, NUL bytes, emoji, `- -`, prepared statements
// (point reads among them).
func TestGeneratorBreadth(t *testing.T) {
	seen := map[string]bool{}
	var all strings.Builder
	for seg := 0; seg < 20; seg++ {
		for _, s := range NewGenerator(1, seg).Segment(200) {
			seen[s.Tag] = true
			if s.Prepared {
				seen["prepared"] = true
			}
			all.WriteString(s.SQL + "\n")
		}
	}
	for _, tag := range []string{"insert", "insert-ignore", "insert-odku", "replace", "insert-set", "update", "delete",
		"tx-begin", "tx-commit", "tx-rollback", "select", "select-expr", "select-agg", "select-group", "select-join",
		"select-subquery", "select-point", "ddl-add-column", "ddl-index", "ddl-truncate", "prepared"} {
		if !seen[tag] {
			t.Errorf("no %s statement in 20 segments", tag)
		}
	}
	for _, want := range []string{`\0`, "😀", "- -", "ORDER BY", "LIMIT", "GROUP BY", "HAVING", "LEFT JOIN", "EXISTS", "x'"} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("no %q in 20 segments", want)
		}
	}
}

// TestDeviationsDocumented keeps each dialect's list and its README
// section in step.
func TestDeviationsDocumented(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		d      *Dialect
		marker string
	}{{MySQL, "\nKnown deviations"}, {PostgreSQL, "\nKnown PostgreSQL-dialect deviations"}} {
		// Only the list after the marker, up to the next heading.
		_, section, found := strings.Cut(string(readme), c.marker)
		if !found {
			t.Errorf("README has no %q", strings.TrimSpace(c.marker))
		}
		section, _, _ = strings.Cut(section, "\n#")
		documented := map[string]bool{}
		for _, m := range regexp.MustCompile("(?m)^- `([a-z0-9-]+)`:").FindAllStringSubmatch(section, -1) {
			documented[m[1]] = true
		}
		ids := map[string]bool{}
		for _, d := range c.d.Deviations {
			ids[d.ID] = true
			if !documented[d.ID] {
				t.Errorf("%s deviation %s is not a line of the README's known deviations", c.d.Name, d.ID)
			}
		}
		for id := range documented {
			if !ids[id] {
				t.Errorf("README lists %s deviation %s, which the tester does not know", c.d.Name, id)
			}
		}
	}
}

func TestClassifyStateFollowsItsCause(t *testing.T) {
	st := Stmt{SQL: "INSERT INTO `t1` (`id`, `k`) VALUES (-23, 'a')", Tag: "insert"}
	ds := Classify([]Diff{
		{Target: sqliteNode, Kind: KindError, Stmt: st, Want: "ok, 1 affected, insert id -23",
			Got: "error 1235: blocksql: an AUTO_INCREMENT column takes a literal, NULL or DEFAULT"},
		{Target: sqliteNode, Kind: KindState, Stmt: st, Col: "t1 rows", Want: "1 rows", Got: "0 rows"},
		{Target: mariaNode, Kind: KindState, Stmt: st, Col: "t1 rows", Want: "1 rows", Got: "0 rows"},
	})
	if ds[0].Deviation != "autoinc-literal" || ds[1].Deviation != "autoinc-literal" {
		t.Errorf("the refused id and its state: %+v", ds[:2])
	}
	if !ds[2].Unexpected {
		t.Errorf("a state difference on another target with no cause must be unexpected: %+v", ds[2])
	}
}

// TestClassifyTransactionCascade: after a write of a transaction deviated
// in a documented way, the transaction's later answers and its COMMIT's
// state on that target are that deviation's consequences; nothing else.
func TestClassifyTransactionCascade(t *testing.T) {
	neg := Stmt{SQL: "INSERT INTO `t1` (`id`, `k`) VALUES (-2147483648, '') ON DUPLICATE KEY UPDATE `k` = ''", Tag: "tx-insert-odku"}
	sel := Stmt{SQL: "SELECT `id` FROM `t1` ORDER BY `id`", Tag: "tx-select", Query: true}
	dec := Stmt{SQL: "SELECT 12345678901234567.89 AS `x`", Tag: "tx-select-expr", Query: true}
	commit := Stmt{SQL: "COMMIT", Tag: "tx-commit"}
	refused := "error 1235: blocksql: an AUTO_INCREMENT column takes a literal, NULL or DEFAULT, not an expression"
	ds := Classify([]Diff{
		{Target: sqliteNode, Kind: KindError, Index: 38, Tx: 38, Stmt: neg, Want: "ok, 1 affected", Got: refused},
		{Target: sqliteNode, Kind: KindRows, Index: 39, Tx: 38, Stmt: sel, Want: "2 rows", Got: "1 rows"},
		{Target: mariaNode, Kind: KindRows, Index: 39, Tx: 38, Stmt: sel, Want: "2 rows", Got: "1 rows"},
		{Target: sqliteNode, Kind: KindState, Index: 40, Tx: 38, Stmt: commit, Col: "t1 rows", Want: "2 rows", Got: "1 rows"},
		{Target: sqliteNode, Kind: KindRows, Index: 43, Tx: 42, Stmt: sel, Want: "2 rows", Got: "1 rows"},
		{Target: sqliteNode, Kind: KindValue, Index: 51, Tx: 50, Stmt: dec, RefType: "DECIMAL(19,2)", Want: `"12345678901234567.89"`, Got: `"1.2345678901234568e+16"`},
		{Target: sqliteNode, Kind: KindRows, Index: 52, Tx: 50, Stmt: sel, Want: "2 rows", Got: "1 rows"},
		{Target: sqliteNode, Kind: KindState, Index: 53, Tx: 50, Stmt: commit, Col: "t1 rows", Want: "2 rows", Got: "1 rows"},
	})
	want := []string{"autoinc-literal", "autoinc-literal", "", "autoinc-literal", "", "sqlite-decimal-float", "", "sqlite-decimal-float"}
	assertClassified(t, ds, want)
}

const (
	odkuThreeRows    = "INSERT INTO `t3` (`ref`, `tag`, `day`) VALUES (137, NULL, '2024-02-29'), (2147483647, '', '1970-01-01'), (46, 'nul\\0byte0', '1970-01-01') ON DUPLICATE KEY UPDATE `id` = `id` + -1, `n` = NULL;"
	odkuTwoErrors    = "INSERT INTO `t1` (`id`, `k`, `i`, `u`) VALUES (4, 'o\\'k', 17, 63) ON DUPLICATE KEY UPDATE `i` = `i` + 0.5, `u` = `u` + -1, `s` = NULL"
	unsignedMinusOne = "error 1690: BIGINT UNSIGNED value is out of range in '0 + -1'"
)

// TestDeviationRules pins what each rule accepts, and that near misses
// stay unexpected.
func TestDeviationRules(t *testing.T) {
	sel := Stmt{SQL: "SELECT `id` FROM `t1` ORDER BY `id`", Tag: "select", Query: true}
	dash := Stmt{SQL: "SELECT 5 - -2 AS `x`", Tag: "select-expr", Query: true}
	bigKey := Stmt{SQL: "INSERT INTO `t3` (`id`) VALUES (9223372036854775808)", Tag: "insert"}
	productID := Stmt{SQL: "UPDATE `t3` SET `id` = (IFNULL(`ref`, 0.1) * (`ref` * 3)) WHERE `id` > 7", Tag: "update", Prepared: true}
	idRange := "error 1264: Out of range value for column 'id' at row 1"
	dblJoin := Stmt{SQL: "SELECT a.`id`, b.`id`, CAST((a.`f` / a.`d2`) AS CHAR) AS `e0` FROM `t1` a LEFT JOIN `t3` b ON a.`s` = b.`tag` ORDER BY a.`id`, b.`id`",
		Tag: "select-join", Query: true}
	odku := Stmt{SQL: "INSERT INTO `t1` (`k`) VALUES ('a'), ('b') ON DUPLICATE KEY UPDATE `i` = 1", Tag: "tx-insert-odku"}
	hexJoin := Stmt{SQL: "SELECT a.`id`, b.`id`, HEX(HEX(a.`k`)) AS `e0`, TRUNCATE(COALESCE(0.1, b.`ref`), 1) AS `e1` FROM `t1` a JOIN `t3` b ON a.`id` = b.`id` ORDER BY a.`id`, b.`id`;", Tag: "select-join", Query: true}
	emptySub := Stmt{SQL: "SELECT SUBSTRING(RPAD(a.`tx`, 6, '*'), 0, 3) AS `e0` FROM `t1` a", Tag: "select-join", Query: true, Prepared: true}
	ins := Stmt{SQL: "INSERT INTO `t1` (`id`, `k`, `d6`) VALUES (2147483647, 'a', 1), (NULL, 'b', 999999999999999)", Tag: "insert"}
	generated := Stmt{SQL: "INSERT INTO `t1` SET `k` = 'k2', `u` = 7", Tag: "insert-set"} // no id: the counter gives it
	overflow := "error 167: Out of range value for column 'id' at row "
	commit := Stmt{SQL: "COMMIT", Tag: "tx-commit"}
	txOdku := Stmt{SQL: "INSERT INTO `t1` (`k`) VALUES ('E') ON DUPLICATE KEY UPDATE `k` = VALUES(`k`)", Tag: "tx-insert-odku"}
	txRead := Stmt{SQL: "SELECT `id`, 7 AS `e0`, `b` FROM `t1` WHERE `dtm` >= '2024-02-29' ORDER BY `id`", Tag: "tx-select", Query: true}
	givenOdku := Stmt{SQL: "INSERT INTO `t1` (`id`, `k`, `i`) VALUES (3, 'k2', 9) ON DUPLICATE KEY UPDATE `i` = VALUES(`i`)", Tag: "tx-insert-odku"}
	mixed := Stmt{SQL: "INSERT IGNORE INTO `t1` (`id`, `k`) VALUES (DEFAULT, 'E'), (NULL, 'x y'), (10, '0')", Tag: "insert-ignore"}
	txMixed := Stmt{SQL: "INSERT INTO `t1` (`id`, `k`, `tu`) VALUES (0, 'x y', 154), (4, 'A', 29), (DEFAULT, '_', -1)", Tag: "tx-insert"}
	tuRange := "error 1264: Out of range value for column 'tu' at row 3"
	floatDiv := Stmt{SQL: "SELECT ROUND(COALESCE(0.1, (1e2 DIV 1e2)), 1) AS `c0`", Tag: "select-expr", Query: true}
	dateDivSQL := "UPDATE `t3` SET `day` = '2024-13-01' WHERE (`n` DIV `ref`) > 0"
	dateDiv := Stmt{SQL: dateDivSQL, Tag: "update"}
	const joinLimitSQL = "SELECT a.`id`, b.`id`, (a.`u` - 10) AS `e0` FROM `t1` a LEFT JOIN `t3` b ON a.`id` = b.`id` ORDER BY a.`id`, b.`id`"
	const unsignedMinusTen = "error 1690: BIGINT UNSIGNED value is out of range in '`db`.`a`.`u` - 10'"
	const badDate = "error 1292: Incorrect date value: '2024-13-01' for column `t3`.`day` at row 1"
	negDivSQL := "UPDATE `t2` SET `a` = 1 WHERE CHAR_LENGTH(`note`) > (`v` DIV -0.005)"
	roundSQL := "SELECT ROUND(1e2, 0) / `f` AS `c0` FROM `t1`"
	roundPrepared := Stmt{SQL: roundSQL, Tag: "select", Query: true, Prepared: true}
	ignoredPastType := Stmt{SQL: "INSERT IGNORE INTO `t1` (`k`, `u`, `b`) VALUES ('x', 192, 103)", Tag: "insert-ignore"}
	sortedPreparedMod := Stmt{SQL: "SELECT a.`id`, b.`id`, a.`f` AS `e0`, ((a.`i` * b.`w`) % COALESCE(-0.005, 2.50)) AS `e1` FROM `t1` a INNER JOIN `t3` b ON a.`i` = b.`ref` ORDER BY a.`id`, b.`id` LIMIT 1",
		Tag: "select-join", Query: true, Prepared: true}
	sortedTruncate := Stmt{SQL: "SELECT a.`id`, b.`id`, TRUNCATE(CASE WHEN a.`d2` < a.`b` THEN b.`n` ELSE 9223372036854775807 END, 0) AS `e1` FROM `t1` a LEFT JOIN `t3` b ON a.`i` = b.`ref` ORDER BY a.`id`, b.`id`",
		Tag: "select-join", Query: true}
	ignoredDefaultThenGiven := Stmt{SQL: "INSERT IGNORE INTO `t1` (`id`, `k`) VALUES (DEFAULT, 'x y'), (4, 'k1'), (146, 'É')", Tag: "insert-ignore"}
	unsignedSumBetween := Stmt{SQL: "UPDATE `t1` SET `i` = 14, `u` = TRUNCATE(`d2`, 0), `d2` = `d0`, `f` = 0.1 WHERE `ub` - -9223372036854775807 BETWEEN -0.005 AND 9223372036854775807", Tag: "update"}
	negatedUnsignedSumRead := Stmt{SQL: "SELECT `id`, `n`, GREATEST(1e2, 1e2) - -(`id` + 9223372036854775807) AS `e1`, `ref` AS `e2` FROM `t3` WHERE `id` > 12 ORDER BY `id`", Tag: "select", Query: true}
	tinyNegativeFixed := Stmt{SQL: "SELECT (-0.005 / (TRUNCATE(1e2, 2) + ABS(12345678901234567.89))) AS `c0`", Tag: "select-expr", Query: true}
	negExprJoin := Stmt{SQL: "SELECT a.`id`, b.`id`, - (a.`d0` - -0.005) AS `e0`, b.`ref` AS `e1` FROM `t1` a JOIN `t3` b ON a.`id` = b.`id` ORDER BY a.`id`, b.`id`;",
		Tag: "select-join", Query: true}
	negJoin := Stmt{SQL: "SELECT a.`id`, b.`id`, - a.`d2` AS `e0` FROM `t1` a JOIN `t3` b ON a.`id` = b.`id` WHERE b.`tag` LIKE '%x' ORDER BY a.`id`, b.`id` LIMIT 4",
		Tag: "select-join", Query: true}
	sortedRound := Stmt{SQL: "SELECT a.`id`, b.`id`, ROUND(COALESCE(b.`n`, -1), 2) AS `e1` FROM `t1` a LEFT JOIN `t3` b ON a.`id` = b.`id` ORDER BY a.`id`, b.`id`",
		Tag: "select-join", Query: true}
	join := func(sql string) Stmt { return Stmt{SQL: sql, Tag: "select-join", Query: true} }
	// joinType is the MariaDB node's type of a join's column, got against want.
	joinType := func(sql, want, got string) Diff {
		return Diff{Target: mariaNode, Kind: KindType, Stmt: join(sql), Want: want, Got: got}
	}
	cases := []struct {
		d    Diff
		want string // "" = unexpected
	}{
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: dash, Want: "1 rows", Got: "error 1064: near \"2\": syntax error"}, ""},
		{Diff{Target: sqliteNode, Kind: KindType, Stmt: sel, Want: "INT NOT NULL", Got: "BIGINT"}, "sqlite-result-types"},
		{Diff{Target: sqliteNode, Kind: KindType, Stmt: sel, Want: "VARCHAR", Got: "BIGINT"}, ""},
		{Diff{Target: sqliteNode, Kind: KindType, Stmt: sel, Want: "INT NOT NULL", Got: "INT"}, "nullability"},
		// The MariaDB node sends MariaDB's own NOT NULL.
		{Diff{Target: mariaNode, Kind: KindType, Stmt: sel, Want: "INT NOT NULL", Got: "INT"}, ""},
		// Seed 743: an outer join's column, as MariaDB planned each set of tables.
		{joinType("SELECT a.`id`, b.`id`, a.`s` FROM `t1` a LEFT JOIN `t3` b ON a.`id` = b.`id` WHERE NOT (b.`day` > '9999-12-31') ORDER BY a.`id`, b.`id` LIMIT 1 OFFSET 2",
			"UNSIGNED BIGINT", "UNSIGNED BIGINT NOT NULL"), "mariadb-outer-join-nullability"},
		{joinType("SELECT a.`id`, b.`id`, a.`s` FROM `t1` a LEFT JOIN `t3` b ON a.`id` = b.`id` ORDER BY a.`id`, b.`id`",
			"UNSIGNED BIGINT", "BIGINT NOT NULL"), ""},
		{joinType("SELECT a.`id`, b.`id` FROM `t1` a JOIN `t3` b ON a.`id` = b.`id`",
			"UNSIGNED BIGINT", "UNSIGNED BIGINT NOT NULL"), ""},
		{Diff{Target: mariaNode, Kind: KindType, Stmt: sel, Want: "DECIMAL(12,2)", Got: "DECIMAL(11,0)"}, ""},
		{Diff{Target: mariaNode, Kind: KindType, Stmt: floatDiv, Want: "DECIMAL(3,1) NOT NULL", Got: "DECIMAL(5,1)"}, "mariadb-float-literal-text"},
		{Diff{Target: mariaNode, Kind: KindType, Stmt: floatDiv, Want: "DECIMAL(3,1)", Got: "DECIMAL(3,2)"}, ""},
		{Diff{Target: mariaNode, Kind: KindType, Stmt: sel, Want: "DECIMAL(3,1)", Got: "DECIMAL(5,1)"}, ""},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: sel, RefType: "DECIMAL(19,2)", Want: `"12345678901234567.89"`, Got: `"1.2345678901234568e+16"`}, "sqlite-decimal-float"},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: sel, RefType: "DECIMAL(19,2)", Want: `"12.89"`, Got: `"12.88"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindState, Stmt: sel, RefType: "DATETIME", Want: `"2024-01-02 03:04:05"`, Got: `"2024-01-02 03:04:05.678"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindState, Stmt: sel, RefType: "DATETIME", Want: `"2024-01-02 03:04:05"`, Got: `"2024-01-02 03:04:06"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindAutoInc, Stmt: sel, Want: "3", Got: "1"}, "autoinc-no-gap"},
		{Diff{Target: sqliteNode, Kind: KindAutoInc, Stmt: sel, Want: "1", Got: "3"}, ""},
		{Diff{Target: sqliteNode, Kind: KindInsertID, Stmt: sel, Want: "3", Got: "1"}, ""},
		{Diff{Target: sqliteNode, Kind: KindType, Stmt: emptySub, Want: "CHAR", Got: "VARCHAR"}, "prepared-empty-string-type"},
		{Diff{Target: sqliteNode, Kind: KindType, Stmt: emptySub, Want: "TEXT", Got: "MEDIUMTEXT"}, "mariadb-temporary-blob-type"},
		{Diff{Target: sqliteNode, Kind: KindType, Stmt: sel, Want: "TEXT", Got: "MEDIUMTEXT"}, ""},
		// Seed 1065: the other way round, the MariaDB node's query of a
		// sorted join answered through the temporary table where
		// MariaDB's was not: CONCAT(a.k, a.tx) is a TEXT there; not
		// without a sorted join.
		{Diff{Target: mariaNode, Kind: KindType, Stmt: hexJoin, Want: "MEDIUMTEXT", Got: "TEXT"}, "mariadb-temporary-blob-type"},
		{Diff{Target: mariaNode, Kind: KindType, Stmt: sel, Want: "MEDIUMTEXT", Got: "TEXT"}, ""},
		// Seed 743: the MariaDB node planned the join without the temporary
		// table and described HEX(HEX(a.k)) as a VARCHAR; not another type,
		// nor without a sorted join.
		{Diff{Target: mariaNode, Kind: KindType, Stmt: hexJoin, Want: "TEXT", Got: "VARCHAR"}, "mariadb-temporary-blob-type"},
		{Diff{Target: mariaNode, Kind: KindType, Stmt: hexJoin, Want: "MEDIUMTEXT", Got: "VARCHAR"}, ""},
		// With MariaDB's NOT NULL on both sides; not one claimed where MariaDB's has none.
		{Diff{Target: mariaNode, Kind: KindType, Stmt: hexJoin, Want: "TEXT NOT NULL", Got: "VARCHAR NOT NULL"}, "mariadb-temporary-blob-type"},
		{Diff{Target: mariaNode, Kind: KindType, Stmt: hexJoin, Want: "TEXT", Got: "VARCHAR NOT NULL"}, ""},
		// Seed 745: REPLACE(HEX(a.tx)) of a TEXT, a LONGTEXT to the MariaDB node.
		{Diff{Target: mariaNode, Kind: KindType, Stmt: hexJoin, Want: "TEXT", Got: "LONGTEXT"}, "mariadb-temporary-blob-type"},
		{Diff{Target: mariaNode, Kind: KindType, Stmt: sel, Want: "TEXT", Got: "LONGTEXT"}, ""},
		{Diff{Target: mariaNode, Kind: KindType, Stmt: sel, Want: "TEXT", Got: "VARCHAR"}, ""},
		// Seed 113: the reference sorted the join through a temporary table,
		// the MariaDB node's query was planned without one.
		{Diff{Target: mariaNode, Kind: KindType, Stmt: negJoin, Want: "DECIMAL(12,2)", Got: "DECIMAL(13,2)"}, "mariadb-temporary-blob-type"},
		{Diff{Target: mariaNode, Kind: KindType, Stmt: negJoin, Want: "DECIMAL(20,6) NOT NULL", Got: "DECIMAL(21,6)"}, "mariadb-temporary-blob-type"},
		// Seed 461: a negated expression, as the negated column.
		{Diff{Target: mariaNode, Kind: KindType, Stmt: negExprJoin, Want: "DECIMAL(14,3)", Got: "DECIMAL(15,3)"}, "mariadb-temporary-blob-type"},
		{Diff{Target: mariaNode, Kind: KindType, Stmt: negExprJoin, Want: "DECIMAL(14,3)", Got: "DECIMAL(16,3)"}, ""},
		// Seed 517: a negated ABS of a column.
		{joinType("SELECT a.`id`, b.`id`, a.`vb` AS `e0`, - ABS(a.`d6`) AS `e1` FROM `t1` a INNER JOIN `t3` b ON a.`id` = b.`id` ORDER BY a.`id`, b.`id`",
			"DECIMAL(20,6)", "DECIMAL(21,6)"), "mariadb-temporary-blob-type"},
		{joinType("SELECT a.`id`, b.`id`, ABS(a.`d6`) AS `e1` FROM `t1` a INNER JOIN `t3` b ON a.`id` = b.`id` ORDER BY a.`id`, b.`id`",
			"DECIMAL(20,6)", "DECIMAL(21,6)"), ""},
		// Seed 769: a negated TRUNCATE of a column; not the TRUNCATE alone.
		{joinType("SELECT a.`id`, b.`id`, - TRUNCATE(a.`d2`, 2) AS `e0` FROM `t1` a JOIN `t3` b ON a.`id` = b.`id` ORDER BY a.`id`, b.`id` LIMIT 3 OFFSET 2",
			"DECIMAL(12,2)", "DECIMAL(13,2)"), "mariadb-temporary-blob-type"},
		{joinType("SELECT a.`id`, b.`id`, TRUNCATE(a.`d2`, 2) AS `e0` FROM `t1` a JOIN `t3` b ON a.`id` = b.`id` ORDER BY a.`id`, b.`id` LIMIT 3 OFFSET 2",
			"DECIMAL(12,2)", "DECIMAL(13,2)"), ""},
		{Diff{Target: mariaNode, Kind: KindType, Stmt: negJoin, Want: "DECIMAL(12,2)", Got: "DECIMAL(14,2)"}, ""},
		// Seed 777: a column negated twice is shown two digits wider.
		{joinType("SELECT a.`id`, b.`id`, - - a.`d2` AS `e0`, a.`dt` AS `e1` FROM `t1` a JOIN `t3` b ON a.`id` = b.`id` ORDER BY a.`id`, b.`id`",
			"DECIMAL(12,2)", "DECIMAL(14,2)"), "mariadb-temporary-blob-type"},
		{joinType("SELECT a.`id`, b.`id`, - - a.`d2` AS `e0`, a.`dt` AS `e1` FROM `t1` a JOIN `t3` b ON a.`id` = b.`id` ORDER BY a.`id`, b.`id`",
			"DECIMAL(12,2)", "DECIMAL(15,2)"), ""},
		{Diff{Target: mariaNode, Kind: KindType, Stmt: negJoin, Want: "DECIMAL(13,2)", Got: "DECIMAL(12,2)"}, ""},
		{Diff{Target: mariaNode, Kind: KindType, Stmt: negJoin, Want: "DECIMAL(12,2)", Got: "DECIMAL(13,3)"}, ""},
		{Diff{Target: mariaNode, Kind: KindType, Stmt: negJoin, Want: "DECIMAL(10,0)", Got: "DECIMAL(11,0)"}, ""},
		{Diff{Target: mariaNode, Kind: KindType, Stmt: Stmt{SQL: strings.Replace(negJoin.SQL, ", - a.`d2`", ", 1 - a.`d2`", 1), Tag: "select-join", Query: true},
			Want: "DECIMAL(12,2)", Got: "DECIMAL(13,2)"}, ""},
		{Diff{Target: mariaNode, Kind: KindType, Stmt: Stmt{SQL: "SELECT - `d2` AS `e0` FROM `t1` ORDER BY `id`", Tag: "select", Query: true},
			Want: "DECIMAL(12,2)", Got: "DECIMAL(13,2)"}, ""},
		{Diff{Target: sqliteNode, Kind: KindType, Stmt: join("SELECT a.`id`, SUBSTRING(a.`s`, -1, 0) AS `e1` FROM `t1` a LEFT JOIN `t3` b ON a.`i` = b.`ref`"),
			Want: "CHAR", Got: "VARCHAR"}, "prepared-empty-string-type"},
		{Diff{Target: sqliteNode, Kind: KindType, Stmt: join("SELECT a.`id`, SUBSTRING(a.`s`, -1, 1) AS `e1` FROM `t1` a LEFT JOIN `t3` b ON a.`i` = b.`ref`"),
			Want: "CHAR", Got: "VARCHAR"}, ""},
		// Seed 73: the MariaDB node's join, planned without a temporary table.
		{joinType("SELECT a.`id`, SUBSTRING(a.`tx`, 2, 0) AS `e1` FROM `t1` a INNER JOIN `t3` b ON a.`id` = b.`id` ORDER BY a.`id`, b.`id`",
			"CHAR", "VARCHAR"), "prepared-empty-string-type"},
		{Diff{Target: mariaNode, Kind: KindType, Stmt: Stmt{SQL: emptySub.SQL, Prepared: true}, Want: "CHAR", Got: "VARCHAR"}, ""},
		{joinType("SELECT a.`id`, SUBSTRING(a.`tx`, 2, 1) AS `e1` FROM `t1` a INNER JOIN `t3` b ON a.`id` = b.`id` ORDER BY a.`id`, b.`id`",
			"CHAR", "VARCHAR"), ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t3` SET `id` = 5, `n` = NULL, `day` = DATE_ADD(`day`, INTERVAL 28 MONTH)", Tag: "update"},
			Want: "error 1048: Column 'n' cannot be null", Got: "error 1441: Datetime function: datetime field overflow"}, ""}, // one row: fixed
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t3` SET `day` = DATE_ADD(`day`, INTERVAL 28 MONTH)", Tag: "update"},
			Want: "ok, 1 affected", Got: "error 1441: Datetime function: datetime field overflow"}, ""},
		// Seed 73: i assigned first is out of range, u's expression fails;
		// one row, so both now report i's.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: odkuTwoErrors, Tag: "tx-insert-odku"},
			Want: "error 1264: Out of range value for column 'i' at row 1", Got: unsignedMinusOne}, ""},
		// INSERT IGNORE: an impossible date is the zero date, a too long
		// VARBINARY is cut, as MariaDB does.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "INSERT IGNORE INTO `t1` (`k`, `dt`) VALUES ('a', '2024-13-01')", Tag: "insert-ignore"},
			Want: "ok, 1 affected, insert id 1", Got: "error 1292: Incorrect datetime value for column 'dt' at row 1"}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "INSERT IGNORE INTO `t1` (`k`, `vb`) VALUES ('a', x'0102030405060708090a0b0c0d')", Tag: "insert-ignore"},
			Want: "ok, 1 affected, insert id 1", Got: "error 1406: Data too long for column 'vb' at row 1"}, ""},
		// Seed 269: rows 4 and 5 both get id 0 (1062 on MariaDB), row 6's 1e300 DIV 1e300 fails first on SQLite.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t3` SET `id` = ROUND((`n` DIV `n`), -1), `ref` = NULL WHERE `ref` IS NOT NULL", Tag: "update"},
			Want: "error 1062: Duplicate entry '0' for key 'PRIMARY'", Got: "error 1916: Got overflow when converting '' to DECIMAL. Value truncated"}, "sqlite-error-order"},
		// Seed 997: MariaDB meets a later row's duplicate key before the
		// row whose amt is 0; the SQLite node computes it first.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t2` SET `a` = TRUNCATE(TRUNCATE(`amt`, 1), 2), `v` = 42, `amt` = (`r` / `amt`) - -`a` WHERE `r` IS NOT NULL", Tag: "update"},
			Want: "error 1062: Duplicate entry '-1-0.1' for key 'PRIMARY'", Got: "error 1365: Division by 0"}, "sqlite-error-order"},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t2` SET `v` = 42, `amt` = (`r` / `amt`) - -`a` WHERE `r` IS NOT NULL", Tag: "update"},
			Want: "ok, 3 affected", Got: "error 1365: Division by 0"}, ""},
		// Seed 999: MariaDB meets the row whose amt is 0 first (primary
		// key order), the SQLite node another row's duplicate v.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t2` SET `v` = (DAYOFYEAR('1000-01-01') % ROUND(`amt`, 1)) WHERE NOT (1e2 = `r`)", Tag: "update"},
			Want: "error 1365: Division by 0", Got: "error 1062: Duplicate entry for key 'uk_t2_0'"}, "update-row-order"},
		// Seed 457: MariaDB meets row 2's update (id 0 again) before row
		// 3's long tag; the SQLite node checks every row's values first.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: odkuThreeRows, Tag: "insert-odku"},
			Want: "error 1690: BIGINT UNSIGNED value is out of range in '`t3`.`id` + -1'", Got: "error 1406: Data too long for column 'tag' at row 1"}, ""}, // rows staged as written: fixed
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "INSERT INTO `t3` (`ref`, `tag`) VALUES (46, 'nul\\0byte0') ON DUPLICATE KEY UPDATE `id` = `id` + -1;", Tag: "insert-odku"},
			Want: "error 1690: BIGINT UNSIGNED value is out of range in '`t3`.`id` + -1'", Got: "error 1406: Data too long for column 'tag' at row 1"}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: odkuThreeRows, Tag: "insert-odku"},
			Want: "error 1690: BIGINT UNSIGNED value is out of range in '`t3`.`id` + -1'", Got: "ok, 3 affected"}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t3` SET `id` = ROUND((`n` DIV `n`), -1) WHERE `ref` IS NOT NULL", Tag: "update"},
			Want: "ok, 2 affected", Got: "error 1916: Got overflow when converting '' to DECIMAL. Value truncated"}, ""},
		{Diff{Target: mariaNode, Kind: KindError, Stmt: Stmt{SQL: odkuTwoErrors, Tag: "tx-insert-odku"},
			Want: "error 1264: Out of range value for column 'i' at row 1", Got: unsignedMinusOne}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "INSERT INTO `t1` (`id`, `u`) VALUES (4, 0) ON DUPLICATE KEY UPDATE `u` = `u` + -1", Tag: "insert-odku"},
			Want: "error 1264: Out of range value for column 'u' at row 1", Got: unsignedMinusOne}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: odkuTwoErrors, Tag: "tx-insert-odku"},
			Want: "ok, 2 affected", Got: unsignedMinusOne}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t2` SET `a` = `v`", Tag: "update"}, Want: "error 1062: Duplicate entry '6-E' for key 'PRIMARY'", Got: "ok, 2 affected"}, "update-row-order"},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t2` SET `a` = `v`", Tag: "update"}, Want: "error 1062: Duplicate entry '6-E' for key 'PRIMARY'", Got: "error 1105: no such function"}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: dateDivSQL, Tag: "tx-update"},
			Want: badDate, Got: "error 1916: Got overflow"}, "write-read-first-error"},
		{Diff{Target: mariaNode, Kind: KindError, Stmt: dateDiv,
			Want: badDate, Got: "error 1690: BIGINT value is out of range"}, "write-read-first-error"},
		{Diff{Target: mariaNode, Kind: KindError, Stmt: dateDiv,
			Want: badDate, Got: "error 1916: Got overflow"}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t3` SET `tag` = 'x' WHERE (`n` DIV `ref`) > 0 ORDER BY `id`", Tag: "update"},
			Want: "error 1690: BIGINT value is out of range", Got: "error 1916: Got overflow"}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: negDivSQL + " ORDER BY `a` DESC, `c` DESC LIMIT 1;", Tag: "tx-update"},
			Want: "error 1690: BIGINT value is out of range", Got: "ok, 1 affected, insert id 0"}, "update-row-order"},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: negDivSQL + ";", Tag: "tx-update"},
			Want: "error 1690: BIGINT value is out of range", Got: "ok, 1 affected, insert id 0"}, ""},
		// Seed 409: ORDER BY id DESC meets the row whose n is 1e300 first
		// on MariaDB; SQLite writes the other row, whose quotient is past
		// INT, first.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t3` SET `ref` = (12345678901234567.89 DIV `n`) ORDER BY `id` DESC LIMIT 3", Tag: "update"},
			Want: "error 1916: Got overflow when converting '' to DECIMAL. Value truncated", Got: "error 1264: Out of range value for column 'ref' at row 1"}, ""}, // found in MariaDB's order since: fixed
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t3` SET `ref` = (12345678901234567.89 DIV `n`) ORDER BY `id` DESC LIMIT 3", Tag: "update"},
			Want: "error 1916: Got overflow when converting '' to DECIMAL. Value truncated", Got: "ok, 2 affected"}, ""},
		// Seed 923: ORDER BY id DESC meets the row whose tu is out of
		// range first on MariaDB; SQLite writes the other row first, whose
		// DATE_ADD past year 9999 fails.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t1` SET `tu` = (`f` - `md`), `dt` = DATE_ADD('9999-12-31', INTERVAL 24 MONTH) ORDER BY `id` DESC LIMIT 3", Tag: "update"},
			Want: "error 1264: Out of range value for column 'tu' at row 1", Got: "error 1441: Datetime function: datetime field overflow"}, ""}, // found in MariaDB's order since: fixed
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "SELECT DATE_ADD('9999-12-31', INTERVAL 24 MONTH)", Tag: "select"},
			Want: "error 1264: Out of range value for column 'tu' at row 1", Got: "error 1441: Datetime function: datetime field overflow"}, ""},
		// Seed 519: one row's DIV overflows, another's new value is a
		// duplicate; each backend meets one of them first.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t2` SET `c` = '\\n', `v` = COALESCE((9223372036854775807 DIV `amt`), GREATEST(9223372036854775807, `a`)) WHERE `v` - -`a` <> `a` - -`amt`", Tag: "update"},
			Want: "error 1916: Got overflow when converting '-18446744073709551614' to INT. Value truncated", Got: "error 1062: Duplicate entry for key 'uk_t2_0'"}, "update-row-order"},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t2` SET `v` = (9223372036854775807 DIV `amt`)", Tag: "update"},
			Want: "error 1916: Got overflow when converting '-18446744073709551614' to INT. Value truncated", Got: "error 1054: Unknown column 'amt' in 'field list'"}, ""},
		// Seed 103: MariaDB sorts the join through a temporary table and
		// computes a.u - 10 for a row past the limit.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: joinLimitSQL + " LIMIT 1 OFFSET 0;", Tag: "select-join", Query: true},
			Want: unsignedMinusTen, Got: `1 rows [["1" "1" "4294967285"]]`}, "update-row-order"},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: joinLimitSQL + ";", Tag: "select-join", Query: true},
			Want: unsignedMinusTen, Got: `3 rows [["1" "1" "4294967285"]]`}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: joinLimitSQL + " LIMIT 1;", Tag: "select-join", Query: true},
			Want: unsignedMinusTen, Got: "error 1105: no such column"}, ""},
		{Diff{Target: mariaNode, Kind: KindError, Stmt: Stmt{SQL: joinLimitSQL + " LIMIT 1;", Tag: "select-join", Query: true},
			Want: unsignedMinusTen, Got: `1 rows [["1" "1" "4294967285"]]`}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "SELECT `id`, (`u` - 10) FROM `t1` ORDER BY `id` LIMIT 1;", Tag: "select", Query: true},
			Want: unsignedMinusTen, Got: `1 rows [["1" "4294967285"]]`}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t1` SET `u` = `d2`, `ub` = `d6`, `d0` = NULL WHERE `id` > 0", Tag: "update"},
			Want: "error 1264: Out of range value for column 'ub' at row 3", Got: "ok, 1 affected, insert id 0"}, "sqlite-unsigned-negative-fraction"},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t1` SET `ub` = `d0` WHERE `id` > 0", Tag: "update"},
			Want: "error 1264: Out of range value for column 'ub' at row 3", Got: "ok, 1 affected, insert id 0"}, ""},
		{Diff{Target: mariaNode, Kind: KindValue, Stmt: roundPrepared,
			RefType: "DOUBLE", Want: `"8.100000072900001e-15"`, Got: `"0"`}, "mariadb-node-prepared-fixed-double"},
		{Diff{Target: mariaNode, Kind: KindValue, Stmt: roundPrepared,
			RefType: "DOUBLE", Want: `"0.125"`, Got: `"0.12"`}, "mariadb-node-prepared-fixed-double"},
		{Diff{Target: mariaNode, Kind: KindValue, Stmt: roundPrepared,
			RefType: "DOUBLE", Want: `"0.125"`, Got: `"0.13"`}, "mariadb-node-prepared-fixed-double"},
		{Diff{Target: mariaNode, Kind: KindValue, Stmt: Stmt{SQL: roundSQL, Tag: "select", Query: true},
			RefType: "DOUBLE", Want: `"8.100000072900001e-15"`, Got: `"0"`}, ""},
		// A FLOAT's single-precision value, and its 6 digits.
		{Diff{Target: mariaNode, Kind: KindValue, Stmt: roundPrepared,
			RefType: "FLOAT", Want: `"3.3554472e+07"`, Got: `"3.35545e+07"`}, "mariadb-node-prepared-fixed-double"},
		{Diff{Target: mariaNode, Kind: KindValue, Stmt: roundPrepared,
			RefType: "FLOAT", Want: `"3.3554472e+07"`, Got: `"3.35546e+07"`}, ""},
		{Diff{Target: mariaNode, Kind: KindValue, Stmt: roundPrepared,
			RefType: "DOUBLE", Want: `"0.125"`, Got: `"0.2"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t2` SET `v` = IF(`amt` IN (999999, 77.902), (9223372036854775807 - `v`), (9223372036854775807 - 1e2)) WHERE `a` = 6", Tag: "update"},
			Want: "ok, 1 affected, insert id 0", Got: "error 1264: Out of range value for column 'v' at row 1"}, "sqlite-double-bigint-limit"},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t2` SET `v` = IF(`amt` IN (999999, 77.902), (9223372036854775807 - `v`), (9223372036854775807 - 1e2)) WHERE `a` = 6", Tag: "update"},
			Want: "ok, 1 affected, insert id 0", Got: "error 1264: Out of range value for column 'a' at row 1"}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t2` SET `v` = 1e300 WHERE `a` = 6", Tag: "update"},
			Want: "ok, 1 affected, insert id 0", Got: "error 1264: Out of range value for column 'v' at row 1"}, ""},
		// Seed 167: the DIV's string cut in MariaDB's temporary table.
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: join("SELECT a.`id`, CONCAT_WS('', '10', (a.`d2` DIV 0.1)) AS `e1` FROM `t1` a LEFT JOIN `t2` b ON a.`i` = b.`a` ORDER BY a.`id` LIMIT 5"),
			Want: `"109999999999"`, Got: `"1099999999999"`}, "mariadb-sorted-div-length"},
		// Seed 1073: a FLOAT(7,2) cast to CHAR, cut to 7 characters in
		// MariaDB's temporary table; a value not cast is no deviation.
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: join("SELECT a.`id`, b.`id`, a.`dtm` AS `e0`, CONCAT(CAST(b.`w` AS CHAR), DATE_FORMAT('2024-02-29', '%Y-%m-%d')) AS `e1` FROM `t1` a JOIN `t3` b ON a.`id` = b.`id` ORDER BY a.`id`, b.`id`"),
			Col: "e1", Want: `"99999.992024-02-2"`, Got: `"99999.992024-02-29"`}, "mariadb-sorted-float-char-length"},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: join("SELECT a.`id`, b.`id`, CONCAT(b.`w`, DATE_FORMAT('2024-02-29', '%Y-%m-%d')) AS `e1` FROM `t1` a JOIN `t3` b ON a.`id` = b.`id` ORDER BY a.`id`, b.`id`"),
			Col: "e1", Want: `"99999.992024-02-2"`, Got: `"99999.992024-02-29"`}, ""},
		// Seed 1077: the same cut where an INSERT ... SELECT reads the
		// table it writes; from another table it is no deviation.
		{Diff{Target: sqliteNode, Kind: KindState, Stmt: Stmt{SQL: "INSERT INTO `t3` (`id`, `tag`) SELECT CEIL(`n`) - -ROUND(1e2, 1), CAST(`w` AS CHAR) FROM `t3` ORDER BY `id`", Tag: "insert-select"},
			Col: "t3 value tag VARCHAR", Want: `"99999.9"`, Got: `"99999.99"`}, "mariadb-sorted-float-char-length"},
		{Diff{Target: sqliteNode, Kind: KindState, Stmt: Stmt{SQL: "INSERT INTO `t3` (`id`, `tag`) SELECT `a`, CAST(`r` AS CHAR) FROM `t2` ORDER BY `a`", Tag: "insert-select"},
			Col: "t3 value tag VARCHAR", Want: `"99999.9"`, Got: `"99999.99"`}, ""},
		// Seed 311: MariaDB's temporary table caps the DECIMAL(14,4) it
		// estimates for (d0 DIV id) / ABS(0.1) of 9999999999.
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: join("SELECT a.`id`, ((a.`d0` DIV a.`id`) / ABS(0.1)) AS `e0` FROM `t1` a LEFT JOIN `t2` b ON a.`i` = b.`a` ORDER BY a.`id`, b.`a`, b.`c`"),
			Col: "e0", RefType: "DECIMAL(14,4)", Want: `"9999999999.9999"`, Got: `"49999999990.0000"`}, "mariadb-sorted-decimal-cap"},
		// An INSERT IGNORE whose ids are all generated gives an ignored
		// row's id to the next one, as MariaDB: no deviation.
		{Diff{Target: sqliteNode, Kind: KindInsertID, Stmt: Stmt{SQL: "INSERT IGNORE INTO `t1` (`k`, `i`) VALUES ('a', 1), ('b', 2)", Tag: "insert-ignore"},
			Want: "6", Got: "7"}, ""},
		{Diff{Target: sqliteNode, Kind: KindState, Stmt: Stmt{SQL: "INSERT IGNORE INTO `t1` (`id`, `k`) VALUES (NULL, 'a'), (0, 'b')", Tag: "insert-ignore"},
			Col: "t1 value id", Want: `"6"`, Got: `"7"`}, ""},
		// Seed 373: the id planned for the ignored first row is given to
		// the second.
		{Diff{Target: sqliteNode, Kind: KindInsertID, Stmt: ignoredDefaultThenGiven,
			Want: "146", Got: "4"}, "insert-ignore-id-skip"},
		{Diff{Target: sqliteNode, Kind: KindInsertID, Stmt: ignoredDefaultThenGiven,
			Want: "146", Got: "5"}, ""},
		{Diff{Target: sqliteNode, Kind: KindInsertID, Stmt: Stmt{SQL: "INSERT IGNORE INTO `t1` (`id`, `k`) VALUES (7, 'x y'), (4, 'k1'), (146, 'É')", Tag: "insert-ignore"},
			Want: "146", Got: "4"}, ""},
		// Seed 347: a tiny negative DOUBLE with 7 fixed decimals.
		{Diff{Target: mariaNode, Kind: KindValue, Stmt: tinyNegativeFixed,
			Col: "c0", RefType: "DOUBLE", Want: `"-0"`, Got: `"0"`}, "mariadb-node-fixed-double-negative-zero"},
		{Diff{Target: mariaNode, Kind: KindValue, Stmt: tinyNegativeFixed,
			Col: "c0", RefType: "DOUBLE", Want: `"-1"`, Got: `"0"`}, ""},
		{Diff{Target: mariaNode, Kind: KindValue, Stmt: tinyNegativeFixed,
			Col: "c0", RefType: "DECIMAL(5,2)", Want: `"-0"`, Got: `"0"`}, ""},
		// Seed 389: UNSIGNED sums past BIGINT's range as DOUBLEs.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "SELECT `id`, ((`id` + 9223372036854775807) + TRUNCATE(9223372036854775807, 1)) AS `e0` FROM `t3` ORDER BY `id` LIMIT 2 OFFSET 0", Tag: "select", Query: true},
			Want: "error 1690: BIGINT UNSIGNED value is out of range in '`t3`.`id` + 9223372036854775807 + truncate(9223372036854775807,1)'", Got: `2 rows [["6" "1.8446744073709552e+19"] ["11" "1.8446744073709552e+19"]]`}, "sqlite-unsigned-bigint"},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "SELECT `id`, ((`id` + 9223372036854775807) + TRUNCATE(9223372036854775807, 1)) AS `e0` FROM `t3` ORDER BY `id` LIMIT 2 OFFSET 0", Tag: "select", Query: true},
			Want: "error 1690: BIGINT value is out of range in '`t3`.`id` + 9223372036854775807'", Got: `2 rows [["6" "1.8446744073709552e+19"] ["11" "1.8446744073709552e+19"]]`}, ""},
		// Seed 613: such a sum of a BIGINT UNSIGNED id, written the other way round, as text.
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: Stmt{SQL: "SELECT `id`, CONCAT_WS(',', CAST(`ref` AS CHAR), (9223372036854775807 + `id`)) AS `e1` FROM `t3` ORDER BY `id`", Tag: "select", Query: true},
			Col: "e1", RefType: "VARCHAR", Want: `"4,9223372036854775815"`, Got: `"4,9.223372036854776e18"`}, "sqlite-unsigned-bigint"},
		// Seed 929: the id minus a negative, as text; of t1's signed id
		// MariaDB fails instead, which the rule leaves.
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: Stmt{SQL: "SELECT `id`, `ref`, CONCAT_WS(',', LEAST('null', `tag`), `id` - -9223372036854775807) AS `e1`, 1e2 AS `e2` FROM `t3` WHERE `ref` IS NULL ORDER BY `id` LIMIT 1;", Tag: "select", Query: true},
			Col: "e1", RefType: "VARCHAR", Want: `"\t,9223372036854775812"`, Got: `"\t,9.223372036854776e18"`}, "sqlite-unsigned-bigint"},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: Stmt{SQL: "SELECT `id`, CONCAT_WS(',', `id` - -9223372036854775807) AS `e1` FROM `t1` ORDER BY `id`", Tag: "select", Query: true},
			Col: "e1", RefType: "VARCHAR", Want: `"4,9223372036854775811"`, Got: `"4,9.223372036854776e18"`}, ""},
		// Seed 557: the remainder of such a sum, computed from the DOUBLE.
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: Stmt{SQL: "SELECT `id`, ((`id` + 9223372036854775807) % `ref`) AS `e0` FROM `t3` ORDER BY `id`", Tag: "select", Query: true},
			Col: "e0", RefType: "UNSIGNED BIGINT", Want: `"5"`, Got: `"1"`}, "sqlite-unsigned-bigint"},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: Stmt{SQL: "SELECT `id`, (`id` % `ref`) AS `e0` FROM `t3` ORDER BY `id`", Tag: "select", Query: true},
			Col: "e0", RefType: "UNSIGNED BIGINT", Want: `"5"`, Got: `"1"`}, ""},
		// Seed 471: such a sum compared as a DOUBLE in an UPDATE's WHERE.
		{Diff{Target: sqliteNode, Kind: KindAffected, Stmt: unsignedSumBetween, Want: "0", Got: "1"}, "sqlite-unsigned-bigint"},
		{Diff{Target: sqliteNode, Kind: KindState, Stmt: unsignedSumBetween, Col: "t1 value i INT", Want: "NULL", Got: `"14"`}, "sqlite-unsigned-bigint"},
		{Diff{Target: sqliteNode, Kind: KindAffected, Stmt: Stmt{SQL: "UPDATE `t1` SET `i` = 14 WHERE `i` - -9223372036854775807 BETWEEN -0.005 AND 9223372036854775807", Tag: "update"},
			Want: "0", Got: "1"}, ""},
		{Diff{Target: mariaNode, Kind: KindAffected, Stmt: unsignedSumBetween, Want: "0", Got: "1"}, ""},
		// Seed 467: the negation of such a sum.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: negatedUnsignedSumRead,
			Want: "error 1690: BIGINT value is out of range in '-(`t3`.`id` + 9223372036854775807)'", Got: `2 rows [["85" "0.1" "9.223372036854776e+18" "-31"]]`}, "sqlite-unsigned-bigint"},
		// Seed 497: the sum written the other way round.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "SELECT `id`, `ref`, -(9223372036854775807 + `id`) AS `e0` FROM `t3` WHERE `id` = 6", Tag: "select", Query: true},
			Want: "error 1690: BIGINT value is out of range in '-(9223372036854775807 + `t3`.`id`)'", Got: `1 rows [["6" NULL "9.223372036854776e+18"]]`}, "sqlite-unsigned-bigint"},
		// Seed 681: in an UPDATE, of an INT UNSIGNED column.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t1` SET `f` = IFNULL(`d0`, `u`) - -(9223372036854775807 + `u`)", Tag: "update"},
			Want: "error 1690: BIGINT value is out of range in '-(9223372036854775807 + `t1`.`u`)'", Got: "ok, 2 affected, insert id 0"}, "sqlite-unsigned-bigint"},
		// Seed 1051: an UPDATE that sets t3's id to that negation; t2's
		// DECIMAL amt holding -0.319, selected into t3's id.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t3` SET `id` = - (`id` + 9223372036854775807), `w` = YEAR('2024-02-29') WHERE `id` IN (2, 6, 158)", Tag: "update"},
			Want: "error 1690: BIGINT value is out of range in '-(`t3`.`id` + 9223372036854775807)'", Got: "error 1264: Out of range value for column 'id' at row 1"}, "sqlite-unsigned-bigint"},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t3` SET `id` = - (`id` + 7), `w` = YEAR('2024-02-29') WHERE `id` IN (2, 6, 158)", Tag: "update"},
			Want: "error 1690: BIGINT value is out of range in '-(`t3`.`id` + 7)'", Got: "error 1264: Out of range value for column 'id' at row 1"}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "INSERT INTO `t3` (`id`, `ref`) SELECT (IF(`note` = 'é', `a`, `amt`) * GREATEST(0.1, `a`)), 1 FROM `t2` ORDER BY `a`, `c` LIMIT 3 ON DUPLICATE KEY UPDATE `n` = 33554473", Tag: "insert-select-odku"},
			Want: "error 1264: Out of range value for column 'id' at row 1", Got: "ok, 4 affected, insert id 0"}, "sqlite-unsigned-negative-fraction"},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "INSERT INTO `t3` (`id`, `ref`) SELECT (IF(`note` = 'é', `a`, `v`) * GREATEST(0.1, `a`)), 1 FROM `t2` ORDER BY `a`, `c` LIMIT 3 ON DUPLICATE KEY UPDATE `n` = 33554473", Tag: "insert-select-odku"},
			Want: "error 1264: Out of range value for column 'id' at row 1", Got: "ok, 4 affected, insert id 0"}, ""},
		// Seed 1101: a negated function of a fraction selected into t3's id.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "REPLACE INTO `t3` (`id`, `tag`, `day`, `x2`) SELECT - TRUNCATE(0.1, 2), '10\\t', DATE_ADD(`dt`, INTERVAL '1-2' DAY_SECOND), '0%0' FROM `t1` WHERE CHAR_LENGTH(`s`) <> TRUNCATE(`u`, 0) ORDER BY `id` DESC LIMIT 1", Tag: "insert-select-replace"},
			Want: "error 1264: Out of range value for column 'id' at row 1", Got: "ok, 1 affected, insert id 0"}, "sqlite-unsigned-negative-fraction"},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "REPLACE INTO `t3` (`id`, `tag`, `day`, `x2`) SELECT TRUNCATE(10, 2), '10\\t', DATE_ADD(`dt`, INTERVAL '1-2' DAY_SECOND), '0%0' FROM `t1` WHERE CHAR_LENGTH(`s`) <> TRUNCATE(`u`, 0) ORDER BY `id` DESC LIMIT 1", Tag: "insert-select-replace"},
			Want: "error 1264: Out of range value for column 'id' at row 1", Got: "ok, 1 affected, insert id 0"}, ""},
		// Seed 1061: a SMALLINT column scaled by a fraction (-3 * 0.1)
		// selected into t3's id, where a row already has id 0.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "INSERT INTO `t3` (`id`, `ref`, `n`, `day`, `w`) SELECT TRUNCATE((`sm` * 0.1), 2), (FIELD(`k`, `tx`, `s`) - `md`), TRUNCATE((`i` % `b`), 0), DATE_ADD(`dt`, INTERVAL 20 DAY), 99999.995 FROM `t1` ORDER BY `id` DESC LIMIT 3", Tag: "insert-select"},
			Want: "error 1264: Out of range value for column 'id' at row 1", Got: "error 1062: Duplicate entry '0' for key 'PRIMARY'"}, "sqlite-unsigned-negative-fraction"},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "INSERT INTO `t3` (`id`, `ref`, `n`, `day`, `w`) SELECT TRUNCATE((`sm` * 10), 2), (FIELD(`k`, `tx`, `s`) - `md`), TRUNCATE((`i` % `b`), 0), DATE_ADD(`dt`, INTERVAL 20 DAY), 99999.995 FROM `t1` ORDER BY `id` DESC LIMIT 3", Tag: "insert-select"},
			Want: "error 1264: Out of range value for column 'id' at row 1", Got: "error 1062: Duplicate entry '0' for key 'PRIMARY'"}, ""},
		// Seed 1055: a FLOAT(7,2) expression of t3 selected into t3's
		// DOUBLE n.
		{Diff{Target: sqliteNode, Kind: KindState, Stmt: Stmt{SQL: "INSERT IGNORE INTO `t3` (`id`, `n`) SELECT `w`, `w` - -CHAR_LENGTH(`tag`) FROM `t3` ORDER BY `id` LIMIT 3", Tag: "insert-select-ignore"},
			RefType: "DOUBLE NOT NULL", Want: `"20.35"`, Got: `"20.350000381469727"`}, "mariadb-self-insert-fixed-double"},
		// Seed 1093: the same into a DECIMAL(9,4); unrounded on both sides
		// it is no deviation.
		{Diff{Target: sqliteNode, Kind: KindState, Stmt: Stmt{SQL: "INSERT INTO `t3` (`id`, `ref`, `tag`, `day`, `x2`) SELECT (CEIL(`w`) - (`id` * -0.005)), 143, `tag`, LAST_DAY(`day`), ((1e2 DIV `n`) - `w`) FROM `t3` WHERE NOT (`ref` BETWEEN `w` AND 2.50) ORDER BY `id` DESC LIMIT 3", Tag: "insert-select"},
			Col: "t3 value x2 DECIMAL(9,4)", RefType: "DECIMAL(9,4)", Want: `"-99991.9900"`, Got: `"-99991.9922"`}, "mariadb-self-insert-fixed-double"},
		{Diff{Target: sqliteNode, Kind: KindState, Stmt: Stmt{SQL: "INSERT INTO `t3` (`id`, `ref`, `tag`, `day`, `x2`) SELECT (CEIL(`w`) - (`id` * -0.005)), 143, `tag`, LAST_DAY(`day`), ((1e2 DIV `n`) - `w`) FROM `t3` WHERE NOT (`ref` BETWEEN `w` AND 2.50) ORDER BY `id` DESC LIMIT 3", Tag: "insert-select"},
			Col: "t3 value x2 DECIMAL(9,4)", RefType: "DECIMAL(9,4)", Want: `"-99991.9800"`, Got: `"-99991.9922"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindState, Stmt: Stmt{SQL: "INSERT IGNORE INTO `t2` (`a`, `c`, `r`) SELECT `w`, '', `w` - -CHAR_LENGTH(`tag`) FROM `t3` ORDER BY `id` LIMIT 3", Tag: "insert-select-ignore"},
			RefType: "FLOAT", Want: `"20.35"`, Got: `"20.350000381469727"`}, ""},
		// Seed 1053: MariaDB reads the rows WHERE v > 3 selects through
		// t2's unique key on v; an INSERT ... SELECT of t2 into t2
		// computes its columns for every row, past the LIMIT.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t2` SET `amt` = `r` WHERE `v` > 3", Tag: "update"},
			Want: "error 1048: Column 'amt' cannot be null", Got: "error 1264: Out of range value for column 'amt' at row 1"}, "update-row-order"},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t2` SET `amt` = `r` WHERE `note` > 3", Tag: "update"},
			Want: "error 1048: Column 'amt' cannot be null", Got: "error 1264: Out of range value for column 'amt' at row 1"}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "INSERT INTO `t2` (`a`, `c`) SELECT (IFNULL(`r`, -2) % COALESCE(`a`, `amt`)), HEX('É') FROM `t2` ORDER BY `a` DESC, `c` DESC LIMIT 2", Tag: "insert-select"},
			Want: "error 1365: Division by 0", Got: "ok, 2 affected, insert id 0"}, "update-row-order"},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "INSERT INTO `t3` (`id`, `tag`) SELECT (IFNULL(`r`, -2) % COALESCE(`a`, `amt`)), HEX('É') FROM `t2` ORDER BY `a` DESC, `c` DESC LIMIT 2", Tag: "insert-select"},
			Want: "error 1365: Division by 0", Got: "ok, 2 affected, insert id 0"}, ""},
		// Seed 1039, the first with INSERT ... SELECT: a REPLACE of rows
		// identical to those it replaces; -0.09 selected into t3's id;
		// a later row's division by zero before an earlier row's long tag.
		{Diff{Target: sqliteNode, Kind: KindAffected, Stmt: Stmt{SQL: "REPLACE INTO `t3` (`id`, `tag`) SELECT 148, LTRIM(`c`) FROM `t2`", Tag: "insert-select-replace"},
			Want: "4", Got: "5"}, "replace-identical-row"},
		{Diff{Target: sqliteNode, Kind: KindAffected, Stmt: Stmt{SQL: "REPLACE INTO `t3` (`id`, `tag`) SELECT 148, LTRIM(`c`) FROM `t2`", Tag: "insert-select-replace"},
			Want: "5", Got: "4"}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "INSERT INTO `t3` (`id`, `ref`) SELECT - (12345678901234567.89 % 0.1), 134 FROM `t2` ON DUPLICATE KEY UPDATE `n` = 78.6", Tag: "insert-select-odku"},
			Want: "error 1264: Out of range value for column 'id' at row 1", Got: "error 1062: Duplicate entry for key 'PRIMARY'"}, "sqlite-unsigned-negative-fraction"},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "INSERT INTO `t2` (`a`, `r`) SELECT - (12345678901234567.89 % 0.1), 134 FROM `t3` ON DUPLICATE KEY UPDATE `r` = 7", Tag: "insert-select-odku"},
			Want: "error 1264: Out of range value for column 'a' at row 1", Got: "error 1062: Duplicate entry for key 'PRIMARY'"}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "INSERT INTO `t3` (`id`, `tag`, `w`) SELECT `sm`, '%É2024-02-29', (2.60 DIV COALESCE(`tu`, `md`)) FROM `t1` ON DUPLICATE KEY UPDATE `tag` = VALUES(`tag`)", Tag: "insert-select-odku"},
			Want: "error 1406: Data too long for column 'tag' at row 1", Got: "error 1365: Division by 0"}, "sqlite-error-order"},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "INSERT INTO `t3` (`id`, `tag`, `w`) SELECT `sm`, '%É2024-02-29', (2.60 DIV COALESCE(`tu`, `md`)) FROM `t1`", Tag: "insert-select"},
			Want: "error 1406: Data too long for column 'tag' at row 1", Got: "error 1365: Division by 0"}, ""},
		// Seeds 1041 and 1043: a sorted SELECT's errors; one computed for
		// a row past the LIMIT; a FLOAT past BIGINT UNSIGNED under IGNORE.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "INSERT INTO `t3` (`id`, `ref`, `w`) SELECT `w`, (DAYOFYEAR('2038-01-19') DIV ROUND(`id`, 1)), NULL FROM `t3` ORDER BY `id` DESC LIMIT 1", Tag: "insert-select"},
			Want: "error 1916: Got overflow when converting '' to DECIMAL. Value truncated", Got: "error 1048: Column 'id' cannot be null"}, "sqlite-error-order"},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "INSERT INTO `t3` (`id`, `ref`, `w`) SELECT `w`, 1, NULL FROM `t3` ORDER BY `id` DESC LIMIT 1", Tag: "insert-select"},
			Want: "error 1062: Duplicate entry '1' for key 'PRIMARY'", Got: "error 1048: Column 'id' cannot be null"}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "INSERT IGNORE INTO `t3` (`id`, `ref`, `w`) SELECT `ref`, 33, (`id` DIV `ref`) FROM `t3` ORDER BY `id` DESC LIMIT 1", Tag: "insert-select-ignore"},
			Want: "error 1690: BIGINT UNSIGNED value is out of range in '`t3`.`id` DIV `t3`.`ref`'", Got: "ok, 1 affected, insert id 0"}, "update-row-order"},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "INSERT IGNORE INTO `t3` (`id`, `ref`, `w`) SELECT `ref`, 33, (`id` DIV `ref`) FROM `t3` ORDER BY `id` DESC", Tag: "insert-select-ignore"},
			Want: "error 1690: BIGINT UNSIGNED value is out of range in '`t3`.`id` DIV `t3`.`ref`'", Got: "ok, 1 affected, insert id 0"}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "INSERT IGNORE INTO `t3` (`id`, `tag`) SELECT `r`, 'x' FROM `t2` ORDER BY `a`, `c`", Tag: "insert-select-ignore"},
			Want: "ok, 7 affected, insert id 0", Got: "error 1264: Out of range value for column 'id' at row 1"}, "sqlite-unsigned-bigint"},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "INSERT IGNORE INTO `t2` (`a`, `c`) SELECT `id`, 'x' FROM `t3` ORDER BY `id`", Tag: "insert-select-ignore"},
			Want: "ok, 7 affected, insert id 0", Got: "error 1264: Out of range value for column 'a' at row 1"}, ""},
		// Seed 1045: MariaDB's REPLACE ... SELECT keeps the first row.
		{Diff{Target: sqliteNode, Kind: KindState, Stmt: Stmt{SQL: "REPLACE INTO `t3` (`id`, `ref`, `tag`) SELECT DAYOFWEEK(`at`), - (`a` - `r`), 'a' FROM `t2` ORDER BY `a`, `c`", Tag: "insert-select-replace"},
			Want: `"-4"`, Got: `"-9"`}, "mariadb-replace-select-keeps-first"},
		{Diff{Target: sqliteNode, Kind: KindState, Stmt: Stmt{SQL: "INSERT INTO `t3` (`id`, `ref`, `tag`) SELECT DAYOFWEEK(`at`), - (`a` - `r`), 'a' FROM `t2` ORDER BY `a`, `c`", Tag: "insert-select"},
			Want: `"-4"`, Got: `"-9"`}, ""},
		// Seed 1031 again, once the UPDATE is searched in primary key
		// order: MariaDB stores row 5's id past 2^63, then fails on row
		// 6's NULL.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t3` SET `id` = (9223372036854775807 + GREATEST(`ref`, `id`)), `x1` = 2147483647", Tag: "tx-update"},
			Want: "error 1048: Column 'id' cannot be null", Got: "error 1264: Out of range value for column 'id' at row 1"}, "sqlite-unsigned-bigint"},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t3` SET `id` = (7 + GREATEST(`ref`, `id`)), `x1` = 2147483647", Tag: "tx-update"},
			Want: "error 1048: Column 'id' cannot be null", Got: "error 1264: Out of range value for column 'id' at row 1"}, ""},
		// Seed 1033 with INSERT ... SELECT: a sorted SELECT's division by
		// zero before a duplicate key; a DIV's string cut to its estimate.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "INSERT INTO `t3` (`id`, `w`) SELECT 7, (`ref` / `n`) FROM `t3` ORDER BY `id` DESC LIMIT 3", Tag: "insert-select"},
			Want: "error 1365: Division by 0", Got: "error 1062: Duplicate entry for key 'PRIMARY'"}, "sqlite-error-order"},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "INSERT INTO `t3` (`id`, `w`) SELECT 7, (`ref` / `n`) FROM `t3` ORDER BY `id` DESC LIMIT 3", Tag: "insert-select"},
			Want: "error 1062: Duplicate entry '7' for key 'PRIMARY'", Got: "ok, 3 affected"}, ""},
		{Diff{Target: sqliteNode, Kind: KindState, Stmt: Stmt{SQL: "REPLACE INTO `t3` (`id`, `tag`) SELECT 0, CAST((0.1 DIV `n`) AS CHAR) FROM `t3` ORDER BY `id` DESC LIMIT 1", Tag: "insert-select-replace"},
			Want: `"4"`, Got: `"40"`}, "mariadb-sorted-div-length"},
		{Diff{Target: sqliteNode, Kind: KindState, Stmt: Stmt{SQL: "REPLACE INTO `t3` (`id`, `tag`) SELECT 0, CAST((0.1 / `n`) AS CHAR) FROM `t3` ORDER BY `id` DESC LIMIT 1", Tag: "insert-select-replace"},
			Want: `"4"`, Got: `"40"`}, ""},
		// Seed 1049: a negative number's quotient selected into t3's id.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "REPLACE INTO `t3` (`id`, `w`) SELECT (-1 / 12345678901234567.89), TRUNCATE(`id`, 2) FROM `t3` ORDER BY `id`", Tag: "insert-select-replace"},
			Want: "error 1264: Out of range value for column 'id' at row 1", Got: "ok, 1 affected, insert id 0"}, "sqlite-unsigned-negative-fraction"},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "REPLACE INTO `t3` (`id`, `w`) SELECT (1 / 12345678901234567.89), TRUNCATE(`id`, 2) FROM `t3` ORDER BY `id`", Tag: "insert-select-replace"},
			Want: "error 1264: Out of range value for column 'id' at row 1", Got: "ok, 1 affected, insert id 0"}, ""},
		// Seed 1035: of a BIGINT column holding 9223372036854775807.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t1` SET `b` = - (`b` + `ub`) WHERE NOT (NOT (`u` < 9223372036854775807))", Tag: "tx-update"},
			Want: "error 1690: BIGINT value is out of range in '-(`t1`.`b` + `t1`.`ub`)'", Got: "ok, 3 affected, insert id 0"}, "sqlite-unsigned-bigint"},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t1` SET `b` = - (`b` + `i`)", Tag: "tx-update"},
			Want: "error 1690: BIGINT value is out of range in '-(`t1`.`b` + `t1`.`i`)'", Got: "ok, 3 affected, insert id 0"}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t1` SET `f` = IFNULL(`d0`, `u`) - -(9223372036854775807 + `i`)", Tag: "update"},
			Want: "error 1690: BIGINT value is out of range in '-(9223372036854775807 + `t1`.`i`)'", Got: "ok, 2 affected, insert id 0"}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: negatedUnsignedSumRead,
			Want: "error 1690: BIGINT value is out of range in '`t3`.`id` * 2'", Got: `2 rows [["85" "0.1" "9.223372036854776e+18" "-31"]]`}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "SELECT -(`id` + 922337203685477580) AS `e1` FROM `t3`", Tag: "select", Query: true},
			Want: "error 1690: BIGINT value is out of range in '-(`t3`.`id` + 922337203685477580)'", Got: `1 rows [["-922337203685477665"]]`}, ""},
		{Diff{Target: sqliteNode, Kind: KindState, Stmt: Stmt{SQL: "UPDATE `t1` SET `s` = CAST((9223372036854775807 + `ub`) AS CHAR) WHERE 'back\\slash😀' LIKE '%😀'", Tag: "update"},
			Col: "t1 value s VARCHAR", Want: `"9223372036854775913"`, Got: `"9.223372036854776e18"`}, "sqlite-unsigned-bigint"},
		{Diff{Target: sqliteNode, Kind: KindState, Stmt: Stmt{SQL: "UPDATE `t1` SET `s` = CAST((9223372036854775807 + `i`) AS CHAR)", Tag: "update"},
			Col: "t1 value s VARCHAR", Want: `"9223372036854775913"`, Got: `"9.223372036854776e18"`}, ""},
		// Seed 347: MariaDB negates the constant DIV while it prepares.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "SELECT IFNULL(ROUND(2.50, -1), - (9223372036854775807 DIV 0.1)) AS `c1`", Tag: "select-expr", Query: true},
			Want: "error 1690: BIGINT value is out of range in '9223372036854775807 DIV 0.1'", Got: `1 rows [["0"]]`}, "constant-error-timing"},
		// Seed 791: the divisor a function of a literal; not a function of a column.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "SELECT (2.50 / CASE WHEN 9223372036854775807 = 100 THEN 12345678901234567.89 ELSE 0 END) - -(9223372036854775807 DIV TRUNCATE(0.1, 1)) AS `c1`", Tag: "select-expr", Query: true},
			Want: "error 1690: BIGINT value is out of range in '9223372036854775807 DIV truncate(0.1,1)'", Got: `1 rows [[NULL]]`}, "constant-error-timing"},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "SELECT `id`, (2.50 / `id`) - -(9223372036854775807 DIV TRUNCATE(`d2`, 1)) AS `c1` FROM `t1`", Tag: "select", Query: true},
			Want: "error 1690: BIGINT value is out of range in '9223372036854775807 DIV truncate(`t1`.`d2`,1)'", Got: `1 rows [["1" NULL]]`}, ""},
		// Seed 523: an aggregate over an empty table.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "SELECT COUNT(*) AS `n`, COALESCE(SUM(`v`), 0) FROM `t2` WHERE 9223372036854775807 - -9223372036854775807 BETWEEN `v` AND `a`", Tag: "select-agg", Query: true},
			Want: "error 1690: BIGINT value is out of range in '9223372036854775807 - -9223372036854775807'", Got: `1 rows [["0" "0"]]`}, "constant-error-timing"},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "SELECT COUNT(*) AS `n`, COALESCE(SUM(`v`), 0) FROM `t2` WHERE 9223372036854775807 - -9223372036854775807 BETWEEN `v` AND `a`", Tag: "select-agg", Query: true},
			Want: "error 1690: BIGINT value is out of range in '9223372036854775807 - -9223372036854775807'", Got: `1 rows [["3" "7"]]`}, ""},
		// Seed 861: the other way round, the SQLite node computes the constant before it reads a row.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "SELECT COUNT(*) AS `n`, MIN(`v`), COALESCE(SUM(`v`), 0), ROUND(AVG(`v`), 1) FROM `t2` WHERE (9223372036854775807 * 9223372036854775807) BETWEEN `amt` AND 12345678901234567.89", Tag: "select-agg", Query: true},
			Want: `1 rows [["0" NULL "0" NULL]]`, Got: "error 1690: BIGINT value is out of range in '9223372036854775807 * 9223372036854775807'"}, "constant-error-timing"},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "SELECT COUNT(*) AS `n`, MIN(`v`), COALESCE(SUM(`v`), 0), ROUND(AVG(`v`), 1) FROM `t2` WHERE (9223372036854775807 * 9223372036854775807) BETWEEN `amt` AND 12345678901234567.89", Tag: "select-agg", Query: true},
			Want: `1 rows [["2" "5" "9" "4.5"]]`, Got: "error 1690: BIGINT value is out of range in '9223372036854775807 * 9223372036854775807'"}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "SELECT IFNULL(ROUND(2.50, -1), (9223372036854775807 DIV 0.1)) AS `c1`", Tag: "select-expr", Query: true},
			Want: "error 1690: BIGINT value is out of range in '9223372036854775807 DIV 0.1'", Got: `1 rows [["0"]]`}, ""},
		// Seed 313: an UNSIGNED sum past BIGINT's range read back.
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: Stmt{SQL: "SELECT `id`, ABS(`id`) - -9223372036854775807 AS `e0` FROM `t3` ORDER BY `id` LIMIT 2", Tag: "select", Query: true},
			Col: "e0", RefType: "UNSIGNED BIGINT NOT NULL", Want: `"9223372036854775814"`, Got: `"-9223372036854775808"`}, "sqlite-unsigned-bigint"},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: Stmt{SQL: "SELECT `id`, ABS(`id`) - -9223372036854775807 AS `e0` FROM `t3` ORDER BY `id` LIMIT 2", Tag: "select", Query: true},
			Col: "e0", RefType: "UNSIGNED BIGINT NOT NULL", Want: `"9223372036854775806"`, Got: `"-9223372036854775808"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: Stmt{SQL: "SELECT `id`, ABS(`id`) - -9223372036854775807 AS `e0` FROM `t3` ORDER BY `id` LIMIT 2", Tag: "select", Query: true},
			Col: "e0", RefType: "BIGINT NOT NULL", Want: `"9223372036854775814"`, Got: `"-9223372036854775808"`}, ""},
		// Seed 313: the IF's DECIMAL(25,7) holds 18 integer digits.
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: join("SELECT a.`id`, IF(a.`d2` IS NOT NULL, (-0.005 / b.`v`), ABS(9223372036854775807)) AS `e0` FROM `t1` a LEFT JOIN `t2` b ON a.`i` = b.`a` ORDER BY a.`id`, b.`a`, b.`c`"),
			Col: "e0", RefType: "DECIMAL(25,7)", Want: `"999999999999999999.9999999"`, Got: `"9223372036854775807.0000000"`}, "mariadb-sorted-decimal-cap"},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: Stmt{SQL: "SELECT IF(`d2` IS NOT NULL, (-0.005 / `b`), ABS(9223372036854775807)) AS `e0` FROM `t1`", Tag: "select", Query: true},
			Col: "e0", RefType: "DECIMAL(25,7)", Want: `"999999999999999999.9999999"`, Got: `"9223372036854775807.0000000"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: join("SELECT a.`id`, IF(a.`d2` IS NOT NULL, (-0.005 / b.`v`), ABS(9223372036854775807)) AS `e0` FROM `t1` a LEFT JOIN `t2` b ON a.`i` = b.`a` ORDER BY a.`id`, b.`a`, b.`c`"),
			Col: "e0", RefType: "DECIMAL(26,7)", Want: `"999999999999999999.9999999"`, Got: `"9223372036854775807.0000000"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: join("SELECT a.`id`, ((a.`d0` DIV a.`id`) / ABS(0.1)) AS `e0` FROM `t1` a LEFT JOIN `t2` b ON a.`i` = b.`a` ORDER BY a.`id`, b.`a`, b.`c`"),
			Col: "e0", RefType: "DECIMAL(14,4)", Want: `"9999999999.9998"`, Got: `"49999999990.0000"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: join("SELECT a.`id`, ((a.`d0` DIV a.`id`) / ABS(0.1)) AS `e0` FROM `t1` a LEFT JOIN `t2` b ON a.`i` = b.`a` ORDER BY a.`id`, b.`a`, b.`c`"),
			Col: "e0", RefType: "DECIMAL(14,4)", Want: `"9999999999.9999"`, Got: `"9999999.0000"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: Stmt{SQL: "SELECT CONCAT_WS('', '10', (`d2` DIV 0.1)) AS `e1` FROM `t1`", Tag: "select", Query: true},
			Want: `"109999999999"`, Got: `"1099999999999"`}, ""},
		// Seed 691: a DOUBLE with fixed decimals capped at 1e+17 in a sorted join.
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: join("SELECT a.`id`, b.`id`, GREATEST(IF(a.`b` < 9, b.`w`, 9223372036854775807), (2.50 / -0.005)) AS `e0` FROM `t1` a LEFT JOIN `t3` b ON a.`id` = b.`id` ORDER BY a.`id`, b.`id`"),
			Col: "e0", RefType: "DOUBLE", Want: `"1e+17"`, Got: `"9.223372036854776e+18"`}, "mariadb-sorted-decimal-cap"},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: Stmt{SQL: "SELECT GREATEST(IF(`b` < 9, `f`, 9223372036854775807), (2.50 / -0.005)) AS `e0` FROM `t1`", Tag: "select", Query: true},
			Col: "e0", RefType: "DOUBLE", Want: `"1e+17"`, Got: `"9.223372036854776e+18"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: join("SELECT a.`id`, b.`id`, GREATEST(IF(a.`b` < 9, b.`w`, 9223372036854775807), (2.50 / -0.005)) AS `e0` FROM `t1` a LEFT JOIN `t3` b ON a.`id` = b.`id` ORDER BY a.`id`, b.`id`"),
			Col: "e0", RefType: "DOUBLE", Want: `"2e+17"`, Got: `"9.223372036854776e+18"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: join("SELECT a.`id`, b.`id`, GREATEST(IF(a.`b` < 9, b.`w`, 9223372036854775807), (2.50 / -0.005)) AS `e0` FROM `t1` a LEFT JOIN `t3` b ON a.`id` = b.`id` ORDER BY a.`id`, b.`id`"),
			Col: "e0", RefType: "DOUBLE", Want: `"1e+17"`, Got: `"5e+16"`}, ""},
		// Seed 747: MariaDB's temporary table rounds a fixed-decimal DOUBLE a prepared read sends.
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: sortedPreparedMod, Col: "e1", RefType: "DOUBLE", Want: `"0.005"`, Got: `"0.004961853027295039"`}, "mariadb-sorted-prepared-fixed-double"},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: sortedPreparedMod, Col: "e1", RefType: "DOUBLE", Want: `"0.004"`, Got: `"0.004961853027295039"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: sortedPreparedMod, Col: "e1", RefType: "DECIMAL(10,3)", Want: `"0.005"`, Got: `"0.004961853027295039"`}, ""},
		{Diff{Target: mariaNode, Kind: KindValue, Stmt: sortedPreparedMod, Col: "e1", RefType: "DOUBLE", Want: `"0.005"`, Got: `"0.004961853027295039"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: Stmt{SQL: sortedPreparedMod.SQL, Tag: "select-join", Query: true}, Col: "e1", RefType: "DOUBLE", Want: `"0.005"`, Got: `"0.004961853027295039"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: Stmt{SQL: "SELECT ((`i` * `i`) % COALESCE(-0.005, 2.50)) AS `e1` FROM `t1` ORDER BY `id`", Tag: "select", Query: true, Prepared: true}, Col: "e1", RefType: "DOUBLE", Want: `"0.005"`, Got: `"0.004961853027295039"`}, ""},
		// Seed 173: id + 1 of the largest BIGINT UNSIGNED.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "INSERT INTO `t3` (`id`) VALUES (18446744073709551615), (18446744073709551615) ON DUPLICATE KEY UPDATE `id` = `id` + 1", Tag: "insert-odku"},
			Want: "error 1690: BIGINT UNSIGNED value is out of range in '`t3`.`id` + 1'", Got: "error 1264: Out of range value for column 'id' at row 1"}, "sqlite-unsigned-bigint"},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: sortedRound, Want: `"1e+17"`, Got: `"1e+300"`}, "mariadb-sorted-fixed-double"},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: sortedRound, Want: `"-100000000000000000.00"`, Got: `"-2.5e+20"`}, "mariadb-sorted-fixed-double"},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: sortedRound, Want: `"1e+20"`, Got: `"1e+300"`}, "mariadb-sorted-fixed-double"},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: sortedRound, Want: `"1e+14"`, Got: `"1e+300"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: sortedRound, Want: `"2e+20"`, Got: `"1e+300"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: sortedRound, Want: `"1e+20"`, Got: `"1e+19"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: sortedRound, Want: `"1e+17"`, Got: `"-1e+300"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: Stmt{SQL: "SELECT ROUND(COALESCE(`n`, -1), 2) AS `e1` FROM `t3`", Tag: "select", Query: true},
			Want: `"1e+17"`, Got: `"1e+300"`}, ""},
		{Diff{Target: mariaNode, Kind: KindValue, Stmt: sortedRound, Want: `"1e+17"`, Got: `"1e+300"`}, ""},
		// Seed 127: TRUNCATE(…, 0) of 9223372036854775807 in DOUBLE arithmetic.
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: sortedTruncate, Want: `"1e+17"`, Got: `"9.223372036854776e+18"`}, "mariadb-sorted-fixed-double"},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: sortedTruncate, Want: `"1e+18"`, Got: `"9.223372036854776e+18"`}, "mariadb-sorted-fixed-double"},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: sortedTruncate, Want: `"9.2e+17"`, Got: `"9.223372036854776e+18"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: sortedTruncate, Want: `"1e+19"`, Got: `"9.223372036854776e+18"`}, ""},
		{Diff{Target: mariaNode, Kind: KindValue, Stmt: sortedTruncate, Want: `"1e+17"`, Got: `"9.223372036854776e+18"`}, ""},
		// Seed 277: CEIL and FLOOR give a DOUBLE of no decimals, capped the same way.
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: Stmt{SQL: strings.Replace(sortedTruncate.SQL, "TRUNCATE(", "FLOOR(", 1), Tag: "select-join", Query: true},
			Want: `"1e+17"`, Got: `"9.223372036854776e+18"`}, "mariadb-sorted-fixed-double"},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: join("SELECT a.`id`, b.`id`, CEIL(IF(a.`dtm` < '2024-01-02 03:04:05.678', b.`n`, 9223372036854775807)) AS `e1` FROM `t1` a LEFT JOIN `t3` b ON a.`i` = b.`ref` ORDER BY a.`id`, b.`id` LIMIT 4"),
			Want: `"1e+17"`, Got: `"9.223372036854776e+18"`}, "mariadb-sorted-fixed-double"},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: join("SELECT a.`id`, b.`id`, ABS(IF(a.`dtm` < '2024-01-02 03:04:05.678', b.`n`, 9223372036854775807)) AS `e1` FROM `t1` a LEFT JOIN `t3` b ON a.`i` = b.`ref` ORDER BY a.`id`, b.`id` LIMIT 4"),
			Want: `"1e+17"`, Got: `"9.223372036854776e+18"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: Stmt{SQL: "SELECT TRUNCATE(IFNULL(`f`, 9223372036854775807), 0) AS `e1` FROM `t1` ORDER BY `id`", Tag: "select", Query: true},
			Want: `"1e+17"`, Got: `"9.223372036854776e+18"`}, ""},
		{Diff{Target: mariaNode, Kind: KindError, Stmt: Stmt{SQL: "REPLACE INTO `t1` (`id`, `k`) VALUES (0, 'a'), (7, 'q')", Tag: "replace"},
			Want: "error 1062: Duplicate entry '7' for key 'PRIMARY'", Got: "ok, 4 affected"}, "mariadb-replace-after-generated-id"},
		{Diff{Target: mariaNode, Kind: KindError, Stmt: Stmt{SQL: "REPLACE INTO `t1` (`id`, `k`) VALUES (7, 'q'), (0, 'a')", Tag: "replace"},
			Want: "error 1062: Duplicate entry '7' for key 'PRIMARY'", Got: "ok, 4 affected"}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "SELECT - FLOOR(-0.005) - -9223372036854775807 AS `c0`", Tag: "select-expr", Query: true},
			Want: "1 rows", Got: "error 1690: BIGINT value is out of range"}, "sqlite-negated-constant-integer"},
		// Seed 835: the sum, 9223372036854775852, is the DOUBLE 2^63, whose negation fits.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "SELECT `id`, - (9223372036854775807 + `u`) AS `e2` FROM `t1` ORDER BY `id`", Tag: "select-expr", Query: true},
			Want: "error 1690: BIGINT value is out of range in '-(9223372036854775807 + `t1`.`u`)'", Got: `2 rows [["1" NULL] ["2" "-9223372036854775808"]]`}, "sqlite-unsigned-bigint"},
		// Seed 1: t3's BIGINT UNSIGNED id past 2^63 in row 1, a NULL n in row 2.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "INSERT INTO `t3` (`id`, `n`) VALUES (9223372036854775808, 3.5), (3, NULL)", Tag: "insert"},
			Want: "error 1048: Column 'n' cannot be null", Got: "error 1264: Out of range value for column 'id' at row 1"}, "sqlite-unsigned-bigint"},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "INSERT INTO `t3` (`id`, `n`) VALUES (922337203685477580, 3.5), (3, NULL)", Tag: "insert"},
			Want: "error 1048: Column 'n' cannot be null", Got: "error 1264: Out of range value for column 'id' at row 1"}, ""},
		// Seed 833: -CEIL((0.1 / -0.005)) negates the constant -20.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "SELECT - ROUND(9223372036854775807, 0) - -CEIL((0.1 / -0.005)) AS `c0`, 2.50 AS `c1`", Tag: "select-expr", Query: true},
			Want: "1 rows", Got: "error 1690: BIGINT value is out of range"}, "sqlite-negated-constant-integer"},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "SELECT - ROUND(9223372036854775807, 0) - -CEIL((`d2` / -0.005)) AS `c0` FROM `t1`", Tag: "select-expr", Query: true},
			Want: "1 rows", Got: "error 1690: BIGINT value is out of range"}, ""},
		// Seed 645: -(0 - 9223372036854775807) is a DECIMAL on MariaDB, so the difference does not overflow.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "SELECT (9223372036854775807 DIV -1) - -(0 - 9223372036854775807) AS `c0`", Tag: "select-expr", Query: true},
			Want: "1 rows", Got: "error 1690: BIGINT value is out of range"}, "sqlite-negated-constant-integer"},
		{Diff{Target: mariaNode, Kind: KindError, Stmt: Stmt{SQL: "SELECT (9223372036854775807 DIV -1) - -(0 - 9223372036854775807) AS `c0`", Tag: "select-expr", Query: true},
			Want: "1 rows", Got: "error 1690: BIGINT value is out of range"}, ""},
		// Seed 293: - (-1 - 9223372036854775807) is 9223372036854775808 on MariaDB.
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: Stmt{SQL: "SELECT CONCAT_WS('', 'x%', - (-1 - 9223372036854775807)) AS `c0`", Tag: "select-expr", Query: true},
			Want: `"x%9223372036854775808"`, Got: `"x%9.223372036854776e18"`}, "sqlite-negated-constant-integer"},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: Stmt{SQL: "SELECT CONCAT_WS('', 'x%', (-1 - 9223372036854775807)) AS `c0`", Tag: "select-expr", Query: true},
			Want: `"x%9223372036854775808"`, Got: `"x%9.223372036854776e18"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: Stmt{SQL: "SELECT - (-1 - 9223372036854775807) AS `c0`", Tag: "select-expr", Query: true},
			Want: `"9223372036854775807"`, Got: `"9.223372036854776e18"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "SELECT FLOOR(-0.005) - -9223372036854775807 AS `c0`", Tag: "select-expr", Query: true},
			Want: "1 rows", Got: "error 1690: BIGINT value is out of range"}, ""},
		{Diff{Target: mariaNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t1` SET `i` = CASE WHEN `d0` >= 9999999999. THEN 1 END", Tag: "update"},
			Want: "ok, 1 affected", Got: "error 1064: line 1 column 56 near \"THEN 1 END\""}, "parser-trailing-point"},
		{Diff{Target: mariaNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t1` SET `i` = 9999999999., `k` = 'a'", Tag: "update"},
			Want: "ok, 1 affected", Got: "error 1064: near"}, ""},
		{Diff{Target: sqliteNode, Kind: KindType, Stmt: Stmt{SQL: emptySub.SQL, Query: true}, Want: "CHAR", Got: "VARCHAR"}, ""},
		// An ODKU whose ids are all generated gives an updated row's id to
		// the next row, as MariaDB does; one that also gives ids does not.
		// Seed 525: a sorted join's temporary table cuts a DOUBLE's string to 23 characters.
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: dblJoin, Col: "e0", Want: `"-0.00000010049241282283"`, Got: `"-0.00000010049241282283188"`}, "mariadb-temporary-double-string"},
		{Diff{Target: mariaNode, Kind: KindValue, Stmt: dblJoin, Col: "e1", Want: `"x0.000000100492412822831"`, Got: `"x0.00000010049241282283188"`}, "mariadb-temporary-double-string"},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: Stmt{SQL: "SELECT CAST((a.`f` / a.`d2`) AS CHAR) AS `e0` FROM `t1` a ORDER BY a.`id`", Tag: "select", Query: true},
			Col: "e0", Want: `"-0.00000010049241282283"`, Got: `"-0.00000010049241282283188"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: dblJoin, Col: "e0", Want: `"-0.0000001004924128228"`, Got: `"-0.00000010049241282283188"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: dblJoin, Col: "e0", Want: `"-0.00000010049241282283"`, Got: `"-0.00000010049241282283x88"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindInsertID, Stmt: odku, InTx: true, Want: "5", Got: "6"}, ""},
		{Diff{Target: mariaNode, Kind: KindInsertID, Stmt: Stmt{SQL: "INSERT INTO `t1` (`id`, `k`) VALUES (NULL, 'a'), (9, 'b') ON DUPLICATE KEY UPDATE `i` = 1",
			Tag: "tx-insert-odku"}, InTx: true, Want: "5", Got: "6"}, "insert-ignore-id-skip"},
		{Diff{Target: sqliteNode, Kind: KindInsertID, Stmt: Stmt{SQL: odku.SQL, Tag: "tx-insert"}, InTx: true, Want: "5", Got: "6"}, ""},
		{Diff{Target: mariaNode, Kind: KindInsertID, Stmt: Stmt{SQL: odku.SQL, Tag: "replace"}, Want: "19", Got: "22"}, "autoinc-realigned-to-sqlite"},
		// Seed 151: row 1 takes a generated id, row 2 collides with it and
		// with row 1 of the table; row 3's value is out of range.
		{Diff{Target: mariaNode, Kind: KindError, Stmt: Stmt{SQL: "REPLACE INTO `t1` (`id`, `k`) VALUES (0, 'x y'), (1, 'x y')", Tag: "replace"},
			Want: "error 1062: Duplicate entry '1' for key 'PRIMARY'", Got: "error 1264: Out of range value for column 'ub' at row 3"}, "mariadb-replace-after-generated-id"},
		{Diff{Target: mariaNode, Kind: KindError, Stmt: Stmt{SQL: "INSERT INTO `t1` (`id`, `k`) VALUES (0, 'x y'), (1, 'x y')", Tag: "insert"},
			Want: "error 1062: Duplicate entry '1' for key 'PRIMARY'", Got: "error 1264: Out of range value for column 'ub' at row 3"}, ""},
		// Seed 67: a transaction was told id 2147483647 on the MariaDB node
		// (SQLite refused its statement), rolled back; the next INSERT.
		{Diff{Target: mariaNode, Kind: KindError, Stmt: generated, Want: "ok, 1 affected, insert id 1", Got: overflow + "1"}, "autoinc-realigned-to-sqlite"},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: generated, Want: "ok, 1 affected, insert id 1", Got: overflow + "1"}, ""},
		// Seed 1095: the same, where the reference refuses the INSERT for a
		// later row's value; a failure of another column is no deviation.
		{Diff{Target: mariaNode, Kind: KindError, Stmt: generated, Want: "error 1264: Out of range value for column 'i' at row 2", Got: overflow + "1"}, "autoinc-realigned-to-sqlite"},
		{Diff{Target: mariaNode, Kind: KindError, Stmt: generated, Want: "error 1264: Out of range value for column 'i' at row 2",
			Got: "error 1264: Out of range value for column 'u' at row 1"}, ""},
		// Seed 751: SQLite refused a transaction's INSERT of ids up to 2147483647
		// (its BIGINT UNSIGNED value) that the MariaDB node applied; the next
		// INSERT IGNORE's generated id is past INT there, and its row left out.
		{Diff{Target: mariaNode, Kind: KindAffected, Stmt: ignoredPastType, Want: "1", Got: "0"}, "autoinc-realigned-to-sqlite"},
		{Diff{Target: mariaNode, Kind: KindInsertID, Stmt: ignoredPastType, Want: "1", Got: "0"}, "autoinc-realigned-to-sqlite"},
		{Diff{Target: sqliteNode, Kind: KindAffected, Stmt: ignoredPastType, Want: "1", Got: "0"}, ""},
		{Diff{Target: mariaNode, Kind: KindAffected, Stmt: ignoredPastType, Want: "0", Got: "1"}, ""},
		{Diff{Target: mariaNode, Kind: KindAffected, Stmt: Stmt{SQL: "INSERT IGNORE INTO `t1` (`id`, `k`) VALUES (NULL, 'x')", Tag: "insert-ignore"}, Want: "1", Got: "0"}, ""},
		{Diff{Target: mariaNode, Kind: KindAffected, Stmt: Stmt{SQL: ignoredPastType.SQL, Tag: "insert"}, Want: "1", Got: "0"}, ""},
		// Seed 269: the MariaDB node applied a transaction's INSERT that SQLite
		// refused, told it ids 6-8 and rolled back; the reference was set back
		// to SQLite's 6, so the next INSERT's generated id 9 is its own given 9
		// on the MariaDB node only (MariaDB does the same without the realignment).
		{Diff{Target: mariaNode, Kind: KindError, Stmt: Stmt{SQL: "INSERT INTO `t1` (`id`, `k`) VALUES (6, 'o''k'), (NULL, 'b'), (9, 'c')", Tag: "insert"},
			Want: "ok, 3 affected, insert id 7", Got: "error 1062: Duplicate entry '9' for key 'PRIMARY'"}, "autoinc-realigned-to-sqlite"},
		{Diff{Target: mariaNode, Kind: KindError, Stmt: Stmt{SQL: "INSERT INTO `t1` (`id`, `k`) VALUES (6, 'o''k'), (9, 'c')", Tag: "insert"},
			Want: "ok, 2 affected", Got: "error 1062: Duplicate entry '9' for key 'PRIMARY'"}, ""},
		{Diff{Target: mariaNode, Kind: KindError, Stmt: Stmt{SQL: "INSERT INTO `t1` (`id`, `k`) VALUES (6, 'o''k'), (NULL, 'b')", Tag: "insert"},
			Want: "ok, 2 affected, insert id 7", Got: "error 1062: Duplicate entry 'b' for key 'uk_t1_0'"}, ""},
		{Diff{Target: mariaNode, Kind: KindError, Stmt: Stmt{SQL: generated.SQL, Tag: "update"}, Want: "ok, 1 affected", Got: overflow + "1"}, ""},
		{Diff{Target: mariaNode, Kind: KindError, Stmt: generated, Want: "ok, 1 affected, insert id 1", Got: "error 1264: Out of range value for column 'id' at row 1"}, ""},
		{Diff{Target: sqliteNode, Kind: KindAffected, Stmt: sel, InTx: true, Want: "1", Got: "0"}, ""},
		{Diff{Target: sqliteNode, Kind: KindAffected, Stmt: sel, Want: "1", Got: "0"}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: bigKey, Want: "ok, 1 affected", Got: "error 1264: Out of range value for column 'id' at row 1"}, "sqlite-unsigned-bigint"},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: sel, Want: "ok, 1 affected", Got: "error 1264: Out of range value for column 'id' at row 1"}, ""},
		// Seed 79: 2147483647 * (2147483647 * 3) passes BIGINT's range, not BIGINT UNSIGNED's.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: productID, Want: "ok, 2 affected, insert id 0", Got: idRange}, "sqlite-unsigned-bigint"},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "INSERT INTO `t3` SET `id` = 2147483647 * (2147483647 * 3)", Tag: "insert-set"},
			Want: "error 1690: BIGINT value is out of range", Got: idRange}, ""},
		{Diff{Target: mariaNode, Kind: KindError, Stmt: productID, Want: "ok, 2 affected, insert id 0", Got: idRange}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: productID, Want: "ok, 2 affected, insert id 0", Got: "error 1264: Out of range value for column 'ref' at row 1"}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t3` SET `id` = (`ref` * 3) WHERE `id` > 7", Tag: "update"},
			Want: "ok, 2 affected, insert id 0", Got: idRange}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t3` SET `id` = `ref` * 3, `n` = `n` * 2 WHERE `id` > 7", Tag: "update"},
			Want: "ok, 2 affected, insert id 0", Got: idRange}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: "UPDATE `t3` SET `id` = `ref` * 3 WHERE `n` * 2 > 7", Tag: "update"},
			Want: "ok, 2 affected, insert id 0", Got: idRange}, ""},
		{Diff{Target: mariaNode, Kind: KindError, Stmt: ins, Want: "error 1264: Out of range value for column 'd6' at row 2", Got: overflow + "2"}, "autoinc-overflow-error-order"},
		{Diff{Target: mariaNode, Kind: KindError, Stmt: ins, Want: "error 1048: Column 'k' cannot be null", Got: overflow + "1"}, "autoinc-overflow-error-order"},
		{Diff{Target: mariaNode, Kind: KindError, Stmt: ins, Want: "error 1264: Out of range value for column 'd6' at row 1", Got: overflow + "2"}, ""},
		{Diff{Target: mariaNode, Kind: KindError, Stmt: ins, Want: "error 1062: Duplicate entry '1' for key 'PRIMARY'", Got: overflow + "1"}, ""},
		{Diff{Target: mariaNode, Kind: KindError, Stmt: ins, Want: "ok, 1 affected", Got: overflow + "1"}, ""},
		{Diff{Target: mariaNode, Kind: KindState, Stmt: commit, Col: "t1 value id", TxWrites: []string{"tx-insert t1", "tx-insert-odku t1"}, Want: `"4"`, Got: `"5"`}, "insert-ignore-id-skip"},
		{Diff{Target: sqliteNode, Kind: KindAutoInc, Stmt: commit, Col: "t1", TxWrites: []string{"tx-insert-odku t1"}, Want: "7", Got: "13"}, "insert-ignore-id-skip"},
		{Diff{Target: sqliteNode, Kind: KindAutoInc, Stmt: commit, Col: "t1", TxWrites: []string{"tx-insert-odku t2"}, Want: "7", Got: "13"}, ""},
		// Seed 517: the same counter read after a ROLLBACK.
		{Diff{Target: sqliteNode, Kind: KindAutoInc, Stmt: Stmt{SQL: "ROLLBACK", Tag: "tx-rollback"}, Col: "t1", TxWrites: []string{"tx-insert-odku t1"}, Want: "4", Got: "13"}, "insert-ignore-id-skip"},
		{Diff{Target: sqliteNode, Kind: KindAutoInc, Stmt: Stmt{SQL: "ROLLBACK", Tag: "tx-rollback"}, Col: "t1", TxWrites: []string{"tx-insert t1"}, Want: "4", Got: "13"}, ""},
		{Diff{Target: sqliteNode, Kind: KindAutoInc, Stmt: commit, Col: "t1", TxWrites: []string{"tx-insert t1"}, Want: "7", Got: "13"}, ""},
		{Diff{Target: mariaNode, Kind: KindError, Stmt: txOdku, InTx: true, TxWrites: []string{"tx-insert t1"}, Want: overflow + "1", Got: "ok, 1 affected, insert id 3"}, "autoinc-no-gap"},
		{Diff{Target: mariaNode, Kind: KindError, Stmt: txOdku, InTx: true, TxWrites: []string{"tx-insert t1"}, Want: overflow + "1", Got: "error 1062: Duplicate entry ' ' for key 'uk_t1_0'"}, "autoinc-no-gap"},
		{Diff{Target: mariaNode, Kind: KindError, Stmt: txOdku, InTx: true, TxWrites: []string{"tx-insert t1"}, Want: overflow + "1", Got: "error 1062: Duplicate entry '3' for key 'PRIMARY'"}, ""},
		{Diff{Target: mariaNode, Kind: KindError, Stmt: txOdku, InTx: true, TxWrites: []string{"tx-insert t1"}, Want: overflow + "1", Got: "error 1048: Column 'k' cannot be null"}, ""},
		{Diff{Target: mariaNode, Kind: KindError, Stmt: txOdku, InTx: true, TxWrites: []string{"tx-insert t2"}, Want: overflow + "1", Got: "ok, 1 affected, insert id 3"}, ""},
		{Diff{Target: mariaNode, Kind: KindError, Stmt: Stmt{SQL: txOdku.SQL, Tag: "insert-odku"}, Want: overflow + "1", Got: "ok, 1 affected, insert id 3"}, ""},
		// Seed 969: a failed INSERT of the transaction moved the reference's
		// counter past the given 4, the nodes' generated the 4 again.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: txMixed, InTx: true, TxWrites: []string{"tx-insert t1"}, Want: tuRange, Got: "error 1062: Duplicate entry for key 'PRIMARY'"}, "autoinc-no-gap"},
		{Diff{Target: mariaNode, Kind: KindError, Stmt: txMixed, InTx: true, TxWrites: []string{"tx-insert t1"}, Want: "ok, 3 affected, insert id 9", Got: "error 1062: Duplicate entry '4' for key 'PRIMARY'"}, "autoinc-no-gap"},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: txMixed, InTx: true, TxWrites: []string{"tx-insert t2"}, Want: tuRange, Got: "error 1062: Duplicate entry for key 'PRIMARY'"}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: txMixed.SQL, Tag: "insert"}, Want: tuRange, Got: "error 1062: Duplicate entry for key 'PRIMARY'"}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: txMixed, InTx: true, TxWrites: []string{"tx-insert t1"}, Want: "error 1062: Duplicate entry '4' for key 'PRIMARY'", Got: "error 1062: Duplicate entry for key 'PRIMARY'"}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: txMixed, InTx: true, TxWrites: []string{"tx-insert t1"}, Want: tuRange, Got: "error 1062: Duplicate entry for key 'uk_t1_0'"}, ""},
		{Diff{Target: sqliteNode, Kind: KindAffected, Stmt: mixed, Want: "1", Got: "2"}, "insert-ignore-id-skip"},
		{Diff{Target: sqliteNode, Kind: KindState, Stmt: mixed, Col: "t1 rows", Want: "5 rows", Got: "6 rows"}, "insert-ignore-id-skip"},
		{Diff{Target: sqliteNode, Kind: KindAffected, Stmt: Stmt{SQL: strings.Replace(mixed.SQL, "(10, '0')", "(NULL, '0')", 1), Tag: "insert-ignore"}, Want: "1", Got: "2"}, ""},
		{Diff{Target: sqliteNode, Kind: KindAffected, Stmt: Stmt{SQL: mixed.SQL, Tag: "insert"}, Want: "1", Got: "2"}, ""},
		// seed 107: an ignored row gave id 2147483647, so the row generating
		// its id after it is past INT and left out.
		{Diff{Target: sqliteNode, Kind: KindInsertID, Stmt: mixed, Want: "3", Got: "0"}, "insert-ignore-id-skip"},
		{Diff{Target: mariaNode, Kind: KindInsertID, Stmt: mixed, Want: "3", Got: "0"}, "insert-ignore-id-skip"},
		{Diff{Target: sqliteNode, Kind: KindInsertID, Stmt: mixed, Want: "3", Got: "2"}, ""},
		{Diff{Target: sqliteNode, Kind: KindInsertID, Stmt: Stmt{SQL: strings.Replace(mixed.SQL, "(10, '0')", "(NULL, '0')", 1), Tag: "insert-ignore"}, Want: "3", Got: "0"}, ""},
		{Diff{Target: sqliteNode, Kind: KindInsertID, Stmt: Stmt{SQL: mixed.SQL, Tag: "insert"}, Want: "3", Got: "0"}, ""},
		{Diff{Target: mariaNode, Kind: KindState, Stmt: commit, Col: "t1 value id", TxWrites: []string{"tx-insert t1", "tx-insert-odku t2"}, Want: `"4"`, Got: `"5"`}, ""},
		{Diff{Target: mariaNode, Kind: KindState, Stmt: commit, Col: "t1 value id", TxWrites: []string{"tx-insert-ignore t1"}, Want: `"5"`, Got: `"4"`}, ""},
		{Diff{Target: mariaNode, Kind: KindState, Stmt: commit, Col: "t1 value k", TxWrites: []string{"tx-insert-ignore t1"}, Want: `"4"`, Got: `"5"`}, ""},
		// seed 43: the ODKU before left id 2 unused, so id 3 is a duplicate on blocksql only.
		{Diff{Target: sqliteNode, Kind: KindAffected, Stmt: givenOdku, InTx: true, TxWrites: []string{"tx-insert-odku t1"}, Want: "1", Got: "2"}, "insert-ignore-id-skip"},
		{Diff{Target: mariaNode, Kind: KindAffected, Stmt: givenOdku, InTx: true, TxWrites: []string{"tx-insert-odku t1"}, Want: "1", Got: "2"}, "insert-ignore-id-skip"},
		{Diff{Target: sqliteNode, Kind: KindAffected, Stmt: givenOdku, InTx: true, TxWrites: []string{"tx-insert t1"}, Want: "1", Got: "2"}, ""},
		{Diff{Target: sqliteNode, Kind: KindAffected, Stmt: givenOdku, InTx: true, TxWrites: []string{"tx-insert-odku t2"}, Want: "1", Got: "2"}, ""},
		{Diff{Target: sqliteNode, Kind: KindAffected, Stmt: givenOdku, TxWrites: []string{"tx-insert-odku t1"}, Want: "1", Got: "2"}, ""},
		// Seed 79: the ODKU's updated row left id 3 unused; a read of the transaction.
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: txRead, InTx: true, TxWrites: []string{"tx-insert-odku t1"}, Col: "id", Want: `"3"`, Got: `"4"`}, "insert-ignore-id-skip"},
		{Diff{Target: mariaNode, Kind: KindValue, Stmt: txRead, InTx: true, TxWrites: []string{"tx-insert-ignore t1"}, Col: "id", Want: `"5"`, Got: `"6"`}, "insert-ignore-id-skip"},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: txRead, InTx: true, TxWrites: []string{"tx-insert-odku t1"}, Col: "id", Want: `"4"`, Got: `"3"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: txRead, InTx: true, TxWrites: []string{"tx-insert t1"}, Col: "id", Want: `"3"`, Got: `"4"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: txRead, InTx: true, TxWrites: []string{"tx-insert-odku t3"}, Col: "id", Want: `"3"`, Got: `"4"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: txRead, InTx: true, TxWrites: []string{"tx-insert-odku t1"}, Col: "b", Want: `"3"`, Got: `"4"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: Stmt{SQL: txRead.SQL, Tag: "select", Query: true}, TxWrites: []string{"tx-insert-odku t1"}, Col: "id", Want: `"3"`, Got: `"4"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: Stmt{SQL: "SELECT b.`id` FROM `t1` a LEFT JOIN `t3` b ON a.`id` = b.`id`", Tag: "tx-select-join", Query: true},
			InTx: true, TxWrites: []string{"tx-insert-odku t1"}, Col: "id", Want: `"3"`, Got: `"4"`}, ""},
	}
	rem := Stmt{SQL: "SELECT CONCAT_WS('-', 'x', (- 12345678901234567.89 % (0.1 * -0.005))) AS `c1`", Tag: "select-expr", Query: true}
	hex := Stmt{SQL: "SELECT HEX(HEX(REPLACE(`s`, 'a', 'bb'))) AS `e0` FROM `t1`", Tag: "select", Query: true}
	fracAgg := Stmt{SQL: "SELECT COUNT(*) AS `n`, SUM(`a`) FROM `t2` WHERE NOT (2.50 <> `a`)", Tag: "select-agg", Query: true}
	fracRows := Stmt{SQL: "SELECT `a`, `c` FROM `t2` WHERE `a` = 2.50 ORDER BY `a`, `c`", Tag: "select", Query: true}
	sortedLimit := Stmt{SQL: "SELECT `a`, `c`, (FIELD(`note`, `note`, `c`) - `v`) AS `e0`, LAST_DAY(`at`) AS `e1` FROM `t2` WHERE `v` < 11 ORDER BY `a`, `c` LIMIT 3 OFFSET 2;", Tag: "select", Query: true}
	// fracNot is seed 909's count over t2 WHERE NOT (cond), 1 on MariaDB and 0 on the SQLite node.
	fracNot := func(cond string) Diff {
		return Diff{Target: sqliteNode, Kind: KindValue, Col: "n", RefType: "BIGINT NOT NULL", Want: `"1"`, Got: `"0"`,
			Stmt: Stmt{SQL: "SELECT COUNT(*) AS `n`, SUM(`v`) FROM `t2` WHERE NOT (" + cond + ");", Tag: "select-agg", Query: true}}
	}
	fracNotIn := Stmt{SQL: "SELECT `id`, `i`, `s` FROM `t1` WHERE `i` NOT IN (SELECT `a` FROM `t2` WHERE 0.1 = `a`) ORDER BY `id`", Tag: "select-subquery", Query: true}
	cases = append(cases, []struct {
		d    Diff
		want string
	}{
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: rem, Want: `"-0.0001"`, Got: `"0.0001"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: sel, Want: `"-0.0000"`, Got: `"0.0000"`}, ""},
		// Seed 109: MariaDB looks t2's primary key (a, c) up with 2.50
		// rounded to 3 and counts the row (3, 'E'); the SQLite node counts none.
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: fracAgg, Col: "n", RefType: "BIGINT NOT NULL", Want: `"1"`, Got: `"0"`}, "mariadb-fractional-key-lookup"},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: fracAgg, Col: "SUM(`a`)", RefType: "DECIMAL(32,0)", Want: `"3"`, Got: "NULL"}, "mariadb-fractional-key-lookup"},
		{Diff{Target: sqliteNode, Kind: KindRows, Stmt: fracRows, Want: `1 rows [["3" "E"]]`, Got: "0 rows []"}, "mariadb-fractional-key-lookup"},
		// Seed 909: the <> a disjunct of its own under NOT; not when an AND
		// binds it to another condition.
		{fracNot("(`c` LIKE '%é%' OR `a` <> 2.50)"), "mariadb-fractional-key-lookup"},
		{fracNot("(`a` <> 2.50 OR LENGTH(`c`) > 3)"), "mariadb-fractional-key-lookup"},
		{fracNot("(`c` LIKE '%é%' AND `a` <> 2.50)"), ""},
		{fracNot("(`c` LIKE '%é%' OR `a` <> 2.50 AND `v` > 1)"), ""},
		// Seed 239: the lookup inside a NOT IN subquery.
		{Diff{Target: sqliteNode, Kind: KindRows, Stmt: Stmt{SQL: "SELECT `id`, `i` FROM `t1` WHERE `i` NOT IN (SELECT `a` FROM `t2` WHERE `a` = 2.50) ORDER BY `id`", Tag: "select-subquery", Query: true},
			Want: "0 rows []", Got: `2 rows [["1" NULL] ["2" NULL]]`}, "mariadb-fractional-key-lookup"},
		{Diff{Target: sqliteNode, Kind: KindRows, Stmt: Stmt{SQL: "SELECT `id`, `i` FROM `t1` WHERE `i` NOT IN (SELECT `a` FROM `t2` WHERE `a` = 2) ORDER BY `id`", Tag: "select-subquery", Query: true},
			Want: "0 rows []", Got: `2 rows [["1" NULL] ["2" NULL]]`}, ""},
		// Seed 723: the SQLite node sorts every row and computes FIELD(...) - v
		// for the one the OFFSET skips. Near misses: no LIMIT, MariaDB failing too.
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: sortedLimit, Want: `3 rows [["4" "x y" "13" "2024-01-31"]]`,
			Got: "error 1690: BIGINT value is out of range in '1 - -9223372036854775808'"}, "sqlite-sorted-row-computed"},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: Stmt{SQL: strings.TrimSuffix(sortedLimit.SQL, " LIMIT 3 OFFSET 2;") + ";", Tag: "select", Query: true},
			Want: `3 rows [["4" "x y" "13" "2024-01-31"]]`, Got: "error 1690: BIGINT value is out of range in '1 - -9223372036854775808'"}, ""},
		{Diff{Target: sqliteNode, Kind: KindError, Stmt: sortedLimit, Want: "error 1690: BIGINT value is out of range in '1 - -9223372036854775808'",
			Got: "error 1064: x"}, ""},
		// Seed 719: MariaDB keeps the non-NULL row, NULL NOT IN (SELECT a FROM t2
		// WHERE 0.1 = a) is NULL there, true on the SQLite node. Near misses: a
		// row MariaDB has that the SQLite node lacks, an answer cut short.
		{Diff{Target: sqliteNode, Kind: KindRows, Stmt: fracNotIn, Want: `1 rows [["7" "143" "k1"]]`, Got: `2 rows [["7" "143" "k1"] ["8" NULL NULL]]`}, "mariadb-fractional-key-lookup"},
		{Diff{Target: sqliteNode, Kind: KindRows, Stmt: fracNotIn, Want: `1 rows [["6" "143" "k1"]]`, Got: `2 rows [["7" "143" "k1"] ["8" NULL NULL]]`}, ""},
		{Diff{Target: sqliteNode, Kind: KindRows, Stmt: fracNotIn, Want: `1 rows [["7" "143" "k1"]]`, Got: `2 rows [["7" "143" "k1"] ["8" NULL NULL]…`}, ""},
		{Diff{Target: sqliteNode, Kind: KindRows, Stmt: Stmt{SQL: strings.Replace(fracRows.SQL, "`a` = 2.50", "NOT (2.50 <> `a`)", 1), Tag: "select", Query: true},
			Want: `1 rows [["3" "E"]]`, Got: "0 rows []"}, "mariadb-fractional-key-lookup"},
		{Diff{Target: sqliteNode, Kind: KindRows, Stmt: Stmt{SQL: "SELECT a.`id`, b.`a` FROM `t1` a LEFT JOIN `t2` b ON a.`id` = b.`a` WHERE b.`a` = 2.50 ORDER BY a.`id`, b.`a`, b.`c`", Tag: "select-join", Query: true},
			Want: `1 rows [["3" "3"]]`, Got: "0 rows []"}, "mariadb-fractional-key-lookup"},
		// Near misses: an integral constant, the SQLite node with the extra
		// row, the MariaDB node, <=>, a column leading no index of several
		// columns, the literal inside arithmetic or in the select list, a write.
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: Stmt{SQL: strings.Replace(fracAgg.SQL, "2.50", "3", 1), Tag: "select-agg", Query: true},
			Col: "n", RefType: "BIGINT NOT NULL", Want: `"1"`, Got: `"0"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: fracAgg, Col: "n", RefType: "BIGINT NOT NULL", Want: `"0"`, Got: `"1"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: fracAgg, Col: "SUM(`a`)", RefType: "DECIMAL(32,0)", Want: "NULL", Got: `"3"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindRows, Stmt: fracRows, Want: "0 rows []", Got: `1 rows [["3" "E"]]`}, ""},
		{Diff{Target: sqliteNode, Kind: KindRows, Stmt: fracRows, Want: `2 rows [["3" "E"] ["7" "x"]]`, Got: `1 rows [["7" "x"]]`}, ""},
		{Diff{Target: mariaNode, Kind: KindValue, Stmt: fracAgg, Col: "n", RefType: "BIGINT NOT NULL", Want: `"1"`, Got: `"0"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindRows, Stmt: Stmt{SQL: strings.Replace(fracRows.SQL, "`a` = 2.50", "`a` <=> 2.50", 1), Tag: "select", Query: true},
			Want: `1 rows [["3" "E"]]`, Got: "0 rows []"}, ""},
		{Diff{Target: sqliteNode, Kind: KindRows, Stmt: Stmt{SQL: "SELECT `id` FROM `t1` WHERE `i` = 2.50 ORDER BY `id`", Tag: "select", Query: true},
			Want: `1 rows [["3"]]`, Got: "0 rows []"}, ""},
		{Diff{Target: sqliteNode, Kind: KindRows, Stmt: Stmt{SQL: strings.Replace(fracRows.SQL, "`a` = 2.50", "`a` = 2.50 * 2", 1), Tag: "select", Query: true},
			Want: `1 rows [["5" "E"]]`, Got: "0 rows []"}, ""},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: Stmt{SQL: "SELECT COUNT(*) AS `n` FROM `t2` WHERE (`a` + 1) = 2.50", Tag: "select-agg", Query: true},
			Col: "n", Want: `"1"`, Got: `"0"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindValue, Stmt: Stmt{SQL: "SELECT (`a` = 2.50) AS `e0` FROM `t2` ORDER BY `a`, `c`", Tag: "select", Query: true},
			Col: "e0", Want: `"1"`, Got: `"0"`}, ""},
		{Diff{Target: sqliteNode, Kind: KindAffected, Stmt: Stmt{SQL: "UPDATE `t2` SET `note` = 'x' WHERE `a` = 2.50", Tag: "update"}, Want: "1", Got: "0"}, ""},
		{Diff{Target: sqliteNode, Kind: KindType, Stmt: hex, Want: "MEDIUMTEXT", Got: "VARCHAR"}, "sqlite-long-string-type"},
		{Diff{Target: sqliteNode, Kind: KindType, Stmt: hex, Want: "MEDIUMTEXT", Got: "DECIMAL(3,1)"}, ""},
		{Diff{Target: sqliteNode, Kind: KindType, Stmt: sel, Want: "MEDIUMTEXT", Got: "VARCHAR"}, ""},
	}...)
	for _, c := range cases {
		got := Classify([]Diff{c.d})[0]
		if got.Deviation != c.want || got.Unexpected != (c.want == "") {
			t.Errorf("%s (%s): classified %q, want %q", c.d, c.d.Stmt.SQL, got.Deviation, c.want)
		}
	}
}

// TestClassifyPGAbortedTransaction: on PostgreSQL an error aborts the
// transaction, so after a documented refusal of a read inside it, the
// COMMIT that answers ROLLBACK on that node follows from it; on another
// node it does not.
func TestClassifyPGAbortedTransaction(t *testing.T) {
	sel := Stmt{SQL: "SELECT date_trunc('day', at) FROM t2 ORDER BY a, c", Tag: "tx-select", Query: true}
	commit := Stmt{SQL: "COMMIT", Tag: "tx-commit"}
	ds := classifyWith(PostgreSQL, []Diff{
		{Target: pgSQLiteNode, Kind: KindError, Tx: 5, Stmt: sel, Want: "0 rows []",
			Got: "error 0A000: blocksql: function date_trunc() is not translated for the SQLite backend"},
		{Target: pgSQLiteNode, Kind: KindTag, Tx: 5, Stmt: commit, Want: "COMMIT", Got: "ROLLBACK"},
		{Target: pgNode, Kind: KindTag, Tx: 5, Stmt: commit, Want: "COMMIT", Got: "ROLLBACK"},
	})
	want := []string{"pg-sqlite-untranslated", "pg-sqlite-untranslated", ""}
	assertClassified(t, ds, want)
}

// TestClassifyPGLimitEvaluation: an expression that fails on a row LIMIT
// leaves out may fail on either backend alone (seed 167 of the PostgreSQL
// dialect: abs() of the smallest bigint on the SQLite node only).
func TestClassifyPGLimitEvaluation(t *testing.T) {
	limited := Stmt{SQL: "SELECT a, (abs(v) BETWEEN a AND 12345678901234567.89) AS e2 FROM t2 ORDER BY a, c LIMIT 3 OFFSET 0", Tag: "select", Query: true}
	unlimited := Stmt{SQL: "SELECT a, abs(v) FROM t2 ORDER BY a, c", Tag: "select", Query: true}
	ds := classifyWith(PostgreSQL, []Diff{
		{Target: pgSQLiteNode, Kind: KindError, Stmt: limited, Want: "3 rows [[-7 true]]", Got: "error 22003: bigint out of range"},
		{Target: pgSQLiteNode, Kind: KindError, Stmt: limited, Want: "error 22003: bigint out of range", Got: "3 rows [[-7 true]]"},
		{Target: pgSQLiteNode, Kind: KindError, Stmt: unlimited, Want: "3 rows [[-7 9]]", Got: "error 22003: bigint out of range"},
		{Target: pgSQLiteNode, Kind: KindError, Stmt: limited, Want: "3 rows [[-7 true]]", Got: "error 42804: argument of BETWEEN must be type boolean"},
	})
	want := []string{"pg-sqlite-limit-evaluation", "pg-sqlite-limit-evaluation", "", ""}
	assertClassified(t, ds, want)
}

// TestClassifyPGNegativeZeroReturned: a RETURNING that reads back a
// column given a double precision -0 shows the 0 the SQLite node stored
// (seed 509 of the PostgreSQL dialect).
func TestClassifyPGNegativeZeroReturned(t *testing.T) {
	returning := Stmt{SQL: "UPDATE t3 SET n = (CAST(n AS bigint) * coalesce(n, 12345678901234567.89)) WHERE n IS NOT NULL RETURNING id, CAST(n AS text) AS r", Tag: "update"}
	ds := classifyWith(PostgreSQL, []Diff{
		{Target: pgSQLiteNode, Kind: KindValue, Stmt: returning, RefType: "text", Want: `"-0"`, Got: `"0"`},
		{Target: pgSQLiteNode, Kind: KindState, Stmt: returning, Want: "-0", Got: "0"},
		{Target: pgSQLiteNode, Kind: KindValue, Stmt: returning, RefType: "text", Want: `"-1"`, Got: `"0"`},
	})
	assertClassified(t, ds, []string{"pg-sqlite-negative-zero", "pg-sqlite-negative-zero", ""})
}

// TestClassifyPGCoalesceDropsLiteralCast: PostgreSQL drops a COALESCE's
// arguments after a constant first one while it plans, so a cast of a
// literal past its numeric's precision there never fails, where the SQLite
// node checks the cast as it translates the statement (seed 513 of the
// PostgreSQL dialect).
func TestClassifyPGCoalesceDropsLiteralCast(t *testing.T) {
	sel := Stmt{SQL: "SELECT 12345678901234567.89 AS c0, (coalesce(extract(dow FROM DATE '2024-02-29'), CAST(9223372036854775807 AS numeric(10,2))) > trunc(12345678901234567.89)) AS c1", Tag: "select-expr", Query: true}
	plain := Stmt{SQL: "SELECT CAST(9223372036854775807 AS numeric(10,2)) AS c0", Tag: "select-expr", Query: true}
	overflow := "error 22003: numeric field overflow: a field with precision 10, scale 2 must round to an absolute value less than 10^8"
	ds := classifyWith(PostgreSQL, []Diff{
		{Target: pgSQLiteNode, Kind: KindError, Stmt: sel, Want: `1 rows [[numeric 12345678901234567.89 false]]`, Got: overflow},
		{Target: pgSQLiteNode, Kind: KindError, Stmt: plain, Want: `1 rows [[numeric 9223372036854775807.00]]`, Got: overflow},
		{Target: pgSQLiteNode, Kind: KindError, Stmt: sel, Want: `1 rows [[numeric 12345678901234567.89 false]]`, Got: "error 22012: division by zero"},
	})
	assertClassified(t, ds, []string{"pg-sqlite-constant-timing", "", ""})
}

// TestClassifyPGConstantOverNoRows: PostgreSQL folds a constant that fails
// while it plans, so an aggregate over an empty table fails there, where
// the SQLite node counts no row (seed 211 of the PostgreSQL dialect).
func TestClassifyPGConstantOverNoRows(t *testing.T) {
	agg := Stmt{SQL: "SELECT count(*) AS n, sum(ref) AS a1 FROM t3 WHERE n = (-2 % 0)", Tag: "select-agg", Query: true}
	plain := Stmt{SQL: "SELECT id FROM t3 WHERE n = (-2 % 0)", Tag: "select", Query: true}
	ds := classifyWith(PostgreSQL, []Diff{
		{Target: pgSQLiteNode, Kind: KindError, Stmt: agg, Want: "error 22012: division by zero", Got: "1 rows [[0 NULL]]"},
		{Target: pgSQLiteNode, Kind: KindError, Stmt: agg, Want: "error 22012: division by zero", Got: "1 rows [[3 7]]"},
		{Target: pgSQLiteNode, Kind: KindError, Stmt: plain, Want: "error 22012: division by zero", Got: "1 rows [[0 NULL]]"},
	})
	want := []string{"pg-sqlite-constant-timing", "", ""}
	assertClassified(t, ds, want)
}

// TestClassifyPGConstantInUntakenBranch: PostgreSQL folds a failing
// constant in a CASE branch while it plans, so the statement fails even
// when no row takes that branch, where the SQLite node changes the rows
// (seed 241 of the PostgreSQL dialect).
func TestClassifyPGConstantInUntakenBranch(t *testing.T) {
	upd := Stmt{SQL: "UPDATE t3 SET n = CASE WHEN ref BETWEEN n AND id THEN 9223372036854775807 - -9223372036854775807 ELSE 1e2 END WHERE n IS NOT NULL RETURNING id", Tag: "update"}
	div := Stmt{SQL: "SELECT id, CASE WHEN n > 1e300 THEN (2147483647 % 0) ELSE 1 END AS e FROM t3", Tag: "select", Query: true}
	fine := Stmt{SQL: "UPDATE t3 SET n = CASE WHEN ref BETWEEN n AND id THEN 9223372036854775806 - 1 ELSE 1e2 END", Tag: "update"}
	ds := classifyWith(PostgreSQL, []Diff{
		{Target: pgSQLiteNode, Kind: KindError, Stmt: upd, Want: "error 22003: bigint out of range", Got: "2 rows [[105] [7]]"},
		{Target: pgSQLiteNode, Kind: KindState, Stmt: upd, Col: "t3 value n float8", Want: "20.3", Got: "100"},
		{Target: pgSQLiteNode, Kind: KindError, Stmt: div, Want: "error 22012: division by zero", Got: "1 rows [[7 1]]"},
		{Target: pgSQLiteNode, Kind: KindError, Stmt: fine, Want: "error 22003: bigint out of range", Got: "ok, 2"},
		{Target: pgSQLiteNode, Kind: KindState, Stmt: fine, Col: "t3 value n float8", Want: "20.3", Got: "100"},
		{Target: pgSQLiteNode, Kind: KindValue, Stmt: div, Col: "e", Want: "2", Got: "1"},
	})
	want := []string{"pg-sqlite-constant-timing", "pg-sqlite-constant-timing", "pg-sqlite-constant-timing", "", "", ""}
	assertClassified(t, ds, want)
}

// TestClassifyPGConstantInUntakenCoalesceArgument: PostgreSQL folds a
// failing constant argument of COALESCE while it plans, so the statement
// fails even when an argument before it is never NULL, where the SQLite
// node changes the rows (seed 351 of the PostgreSQL dialect); the first
// argument is always computed, and a constant that can be computed is no
// deviation.
func TestClassifyPGConstantInUntakenCoalesceArgument(t *testing.T) {
	upd := Stmt{SQL: "UPDATE t1 SET d6 = coalesce(d0, (0 % 0)), ts = '2024-01-02 03:04:05.678'", Tag: "update"}
	first := Stmt{SQL: "UPDATE t1 SET d6 = coalesce((0 % 0), d0)", Tag: "update"}
	fine := Stmt{SQL: "UPDATE t1 SET d6 = COALESCE(d0, (7 % 2))", Tag: "update"}
	// The overflowing operand may come second (seed 373); a sum that stays
	// in range is no deviation.
	second := Stmt{SQL: "UPDATE t1 SET b = coalesce(abs(d6), (100 + 2147483647)), f = 1 WHERE id > 0", Tag: "update"}
	inRange := Stmt{SQL: "UPDATE t1 SET b = coalesce(abs(d6), (100 + 21474836)), f = 1 WHERE id > 0", Tag: "update"}
	// A cast literal as the other operand (seed 407).
	cast := Stmt{SQL: "UPDATE t3 SET ref = coalesce(greatest(x1, 10), (9223372036854775807 + CAST(3 AS bigint))) RETURNING id", Tag: "update"}
	castInRange := Stmt{SQL: "UPDATE t3 SET ref = coalesce(greatest(x1, 10), (922337203685477580 + CAST(3 AS bigint))) RETURNING id", Tag: "update"}
	// A NULLIF around the arithmetic (seed 463).
	nullif := Stmt{SQL: "SELECT coalesce(length(concat('AbcÉÉ', 1e2)), nullif((2147483647 + 9223372036854775807), 7)) AS c2", Tag: "select", Query: true}
	nullifInRange := Stmt{SQL: "SELECT coalesce(length(concat('AbcÉÉ', 1e2)), nullif((100 + 7), 7)) AS c2", Tag: "select", Query: true}
	// A negative operand subtracted (seed 479); subtracting a positive one
	// stays in range.
	minus := Stmt{SQL: "SELECT a.id, coalesce(abs(b.x1), 7 - -2147483647) AS e0 FROM t1 a JOIN t3 b ON a.id = b.id", Tag: "select-join", Query: true}
	minusInRange := Stmt{SQL: "SELECT a.id, coalesce(abs(b.x1), 7 - 2147483647) AS e0 FROM t1 a JOIN t3 b ON a.id = b.id", Tag: "select-join", Query: true}
	ds := classifyWith(PostgreSQL, []Diff{
		{Target: pgSQLiteNode, Kind: KindError, Stmt: minus, Want: "error 22003: integer out of range", Got: "2 rows [[2 1.5000]]"},
		{Target: pgSQLiteNode, Kind: KindError, Stmt: minusInRange, Want: "error 22003: integer out of range", Got: "2 rows [[2 1.5000]]"},
		{Target: pgSQLiteNode, Kind: KindError, Stmt: nullif, Want: "error 22003: bigint out of range", Got: "1 rows [[8]]"},
		{Target: pgSQLiteNode, Kind: KindError, Stmt: nullifInRange, Want: "error 22003: bigint out of range", Got: "1 rows [[8]]"},
		{Target: pgSQLiteNode, Kind: KindError, Stmt: upd, Want: "error 22012: division by zero", Got: "ok, UPDATE 2"},
		{Target: pgSQLiteNode, Kind: KindState, Stmt: upd, Col: "t1 value d6 numeric", Want: "NULL", Got: "numeric 66.000000"},
		{Target: pgSQLiteNode, Kind: KindError, Stmt: first, Want: "error 22012: division by zero", Got: "ok, UPDATE 2"},
		{Target: pgSQLiteNode, Kind: KindError, Stmt: fine, Want: "error 22012: division by zero", Got: "ok, UPDATE 2"},
		{Target: pgSQLiteNode, Kind: KindError, Stmt: second, Want: "error 22003: integer out of range", Got: "ok, UPDATE 3"},
		{Target: pgSQLiteNode, Kind: KindState, Stmt: second, Col: "t1 value b int8", Want: "NULL", Got: "668847"},
		{Target: pgSQLiteNode, Kind: KindError, Stmt: inRange, Want: "error 22003: integer out of range", Got: "ok, UPDATE 3"},
		{Target: pgSQLiteNode, Kind: KindError, Stmt: cast, Want: "error 22003: bigint out of range", Got: "1 rows [[9223372036854775807]]"},
		{Target: pgSQLiteNode, Kind: KindError, Stmt: castInRange, Want: "error 22003: bigint out of range", Got: "1 rows [[9223372036854775807]]"},
	})
	want := []string{"pg-sqlite-constant-timing", "", "pg-sqlite-constant-timing", "", "pg-sqlite-constant-timing", "pg-sqlite-constant-timing", "", "",
		"pg-sqlite-constant-timing", "pg-sqlite-constant-timing", "", "pg-sqlite-constant-timing", ""}
	assertClassified(t, ds, want)
}

// TestClassifyPGRealOverflowInListUnderFoldedOr: PostgreSQL folds an OR
// by its constant operand while it plans and never converts the other
// operand's IN list to real, where the SQLite node refuses a literal past
// real's range as it translates the statement (PostgreSQL seed 415); the
// same list without such an OR fails on both, and an IN list that fits
// is no deviation.
func TestClassifyPGRealOverflowInListUnderFoldedOr(t *testing.T) {
	folded := Stmt{SQL: "UPDATE t2 SET r = 1 WHERE (seq <> a AND (E'ABC' NOT LIKE '%é%' OR r IN (-2.25, 1e10, 1e300))) RETURNING a", Tag: "update"}
	bare := Stmt{SQL: "UPDATE t2 SET r = 1 WHERE r IN (-2.25, 1e10, 1e300)", Tag: "update"}
	fits := Stmt{SQL: "UPDATE t2 SET r = 1 WHERE (E'ABC' NOT LIKE '%é%' OR r IN (-2.25, 1e10, 1e30))", Tag: "update"}
	overflow := "error 22003: value out of range: overflow"
	ds := classifyWith(PostgreSQL, []Diff{
		{Target: pgSQLiteNode, Kind: KindError, Stmt: folded, Want: "0 rows []", Got: overflow},
		{Target: pgSQLiteNode, Kind: KindError, Stmt: bare, Want: "ok, UPDATE 0", Got: overflow},
		{Target: pgSQLiteNode, Kind: KindError, Stmt: fits, Want: "ok, UPDATE 0", Got: overflow},
		// Seed 445: an AND folded by a false comparison of typed literals.
		{Target: pgSQLiteNode, Kind: KindError, Stmt: Stmt{SQL: "SELECT a, c, note AS e0, (note NOT LIKE E'A%') AS e1 FROM t2 WHERE " +
			"(DATE '9999-12-31' = TIMESTAMP '2024-02-29 23:59:59' AND r IN (1e300, 1.5, 33554473)) ORDER BY a, c", Tag: "select", Query: true},
			Want: "0 rows []", Got: overflow},
		{Target: pgSQLiteNode, Kind: KindError, Stmt: Stmt{SQL: "SELECT a FROM t2 WHERE (a = 1 AND r IN (1e300, 1.5, 33554473))", Tag: "select", Query: true},
			Want: "0 rows []", Got: overflow},
		// Seed 455: an OR folded by a true BETWEEN of number literals.
		{Target: pgSQLiteNode, Kind: KindError, Stmt: Stmt{SQL: "SELECT count(*) AS n, avg(a) AS a1 FROM t2 WHERE " +
			"(1.5::float8 BETWEEN 1.5::float8 AND 1e2 OR NOT (r IN (-2.25, -1e-5, 1e300)))", Tag: "select-agg", Query: true},
			Want: "1 rows [[0 NULL]]", Got: overflow},
		{Target: pgSQLiteNode, Kind: KindError, Stmt: Stmt{SQL: "SELECT count(*) AS n FROM t2 WHERE " +
			"(x1 BETWEEN 1.5 AND 1e2 OR NOT (r IN (-2.25, -1e-5, 1e300)))", Tag: "select-agg", Query: true},
			Want: "1 rows [[0]]", Got: overflow},
	})
	assertClassified(t, ds, []string{"pg-sqlite-constant-timing", "", "", "pg-sqlite-constant-timing", "",
		"pg-sqlite-constant-timing", ""})
}

// assertClassified checks that each classified difference has the
// deviation want names, and is unexpected where want is empty.
func assertClassified(t *testing.T, ds []Diff, want []string) {
	t.Helper()
	for i, d := range ds {
		if d.Deviation != want[i] || d.Unexpected != (want[i] == "") {
			t.Errorf("%d %s: classified %q, want %q", i, d, d.Deviation, want[i])
		}
	}
}
