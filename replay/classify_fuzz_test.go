package replay_test

import (
	"testing"

	"github.com/blocksql/blocksql/replay"
)

// FuzzClassify runs every statement the parser accepts through the
// classifier, the write checks and the canonical form: none may panic, and
// the canonical text of a write must parse back to one statement.
func FuzzClassify(f *testing.F) {
	for _, s := range []string{
		"INSERT INTO t VALUES (1, 'a')", "UPDATE t SET v = RAND() WHERE id = 1", "SELECT * FROM t",
		"CREATE USER 'a'@'%' IDENTIFIED BY 'x'", "GRANT SELECT ON db.* TO a WITH GRANT OPTION",
		"REVOKE ALL ON *.* FROM a", "SET PASSWORD FOR a = 'x'", "CREATE TABLE t (id INT PRIMARY KEY)",
		"DROP USER IF EXISTS a, b", "RENAME USER a TO b", "ALTER USER a IDENTIFIED BY PASSWORD '*00'",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		p := replay.NewParser()
		stmts, err := replay.Parse(p, sql)
		if err != nil {
			return
		}
		for _, st := range stmts {
			replay.Classify(st)
			if replay.CheckWrite(st) != nil {
				continue
			}
			canon, err := replay.Canonical(st)
			if err != nil {
				continue
			}
			again, err := replay.Parse(replay.NewParser(), canon)
			if err != nil || len(again) != 1 {
				t.Fatalf("canonical form of %q does not parse back as one statement: %q (%v)", sql, canon, err)
			}
		}
	})
}
