package replay

import (
	"reflect"
	"testing"
)

func TestPGTablesOf(t *testing.T) {
	for sql, want := range map[string][]string{
		"INSERT INTO acct (id) VALUES (1)":                                  {"acct"},
		"UPDATE acct SET n = 1 FROM item i WHERE i.id = acct.id":            {"acct", "item"},
		"WITH x AS (SELECT id FROM src) DELETE FROM Dst USING x WHERE true": {"dst", "src"},
		`INSERT INTO "Mixed" SELECT * FROM public.other, blocksql.blocks`:   {"mixed", "other"},
		"CREATE TABLE t (id int PRIMARY KEY, p int REFERENCES parent)":      {"parent", "t"},
		"DROP TABLE IF EXISTS a, public.b":                                  {"a", "b"},
		"ALTER TABLE t ADD COLUMN c text":                                   {"t"},
		"ALTER TABLE t RENAME COLUMN a TO b":                                {"t"},
		`ALTER TABLE IF EXISTS t RENAME TO "New"`:                           {"new", "t"},
		"TRUNCATE a, b RESTART IDENTITY":                                    {"a", "b"},
		"CREATE INDEX ON t (c)":                                             {"t"},
		"ALTER INDEX t_c_idx RENAME TO t_c":                                 {},
		"INSERT INTO t VALUES (1) ON CONFLICT (id) DO UPDATE SET c = 'x'":   {"t"},
	} {
		if got := pgTablesOf(sql); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %v, want %v", sql, got, want)
		}
	}
}
