package driverstest

import (
	"errors"
	"strings"
	"testing"

	"github.com/blocksql/blocksql/drivers"
)

// CrossCheck runs the write and read corpora on two drivers and asserts
// they agree on rows affected, error numbers, table contents and query
// results, whatever the corpus expects.
func CrossCheck(t *testing.T, openA, openB func(t *testing.T) drivers.Driver) {
	for _, c := range Writes {
		t.Run("writes/"+c.Name, func(t *testing.T) {
			a, b := openA(t), openB(t)
			stmts := c.statements()
			oa, ob := Apply(t, a, stmts), Apply(t, b, stmts)
			for i := range stmts {
				if oa[i] != ob[i] {
					t.Errorf("%s\n  %s: %v, %s: %v", stmts[i], a.Name(), oa[i], b.Name(), ob[i])
				}
			}
			if c.Table == "" {
				return
			}
			ca, cb := Contents(t, a, c.Table, c.OrderBy), Contents(t, b, c.Table, c.OrderBy)
			if strings.Join(ca, "\n") != strings.Join(cb, "\n") {
				t.Errorf("contents of %s:\n %s: %q\n %s: %q", c.Table, a.Name(), ca, b.Name(), cb)
			}
		})
	}
	t.Run("reads", func(t *testing.T) {
		a, b := openA(t), openB(t)
		Apply(t, a, ReadSetup)
		Apply(t, b, ReadSetup)
		for _, c := range Reads {
			ra, ea := QueryWithNames(t, a, c.SQL)
			rb, eb := QueryWithNames(t, b, c.SQL)
			if code(ea) != code(eb) || strings.Join(ra, "\n") != strings.Join(rb, "\n") {
				t.Errorf("%s\n %s: %q %v\n %s: %q %v", c.SQL, a.Name(), ra, ea, b.Name(), rb, eb)
			}
		}
	})
}

func code(err error) uint16 {
	var de *drivers.Error
	if errors.As(err, &de) {
		return de.Code
	}
	if err != nil {
		return 1
	}
	return 0
}
