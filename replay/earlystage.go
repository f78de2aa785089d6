package replay

import (
	"strings"

	"github.com/blocksql/blocksql/consensus"
)

// transactionalDDL is implemented by drivers that say whether DDL runs
// inside the block's transaction (SQLite) or commits implicitly (MariaDB).
type transactionalDDL interface{ TransactionalDDL() bool }

var _ consensus.EarlyStager = (*Engine)(nil)

// StagesEarly implements consensus.EarlyStager. A proposal staged before
// its decision is rolled back when another block is decided; on a
// database whose DDL commits implicitly that rollback cannot undo the
// DDL, so a proposal holding DDL is staged only once it is decided.
func (e *Engine) StagesEarly(b consensus.Block) bool {
	if t, ok := e.drv.(transactionalDDL); ok && t.TransactionalDDL() {
		return true
	}
	for _, raw := range b.Txs {
		tx, err := consensus.UnmarshalTx(raw)
		if err != nil {
			continue // applied as a failed result, touches nothing
		}
		for _, st := range tx.Statements {
			if !st.Read && isDDLText(st.Canonical) {
				return false
			}
		}
	}
	return true
}

// ddlVerbs start every canonical statement that commits implicitly on
// MySQL: the canonical text is restored from the AST, so it starts with
// its keyword.
var ddlVerbs = []string{"CREATE", "ALTER", "DROP", "RENAME", "TRUNCATE", "GRANT", "REVOKE"}

func isDDLText(sql string) bool {
	s := strings.TrimLeft(sql, " \t\r\n(")
	for _, v := range ddlVerbs {
		if len(s) >= len(v) && strings.EqualFold(s[:len(v)], v) {
			return true
		}
	}
	return false
}
