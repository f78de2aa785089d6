package replay

import (
	"context"
	"errors"
	"fmt"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
)

// The network's membership (validators and the node keys allowed to
// submit) is chain state like accounts: a membership change is a chain
// transaction the engine checks against the membership before it and
// records in the block's local transaction, as the list of accepted
// changes under meta 'network'. Every node and every replay from genesis
// decides alike; a snapshot holds the membership at its height.

// WithGenesisMembership gives the membership the chain starts with; the
// engine follows the changes its blocks accept. Without it, every
// membership change fails.
func WithGenesisMembership(m *consensus.Membership) Option {
	return func(e *Engine) { e.genesisNet = m }
}

// Membership is the membership after the last applied block; nil when
// the engine was not given the genesis one.
func (e *Engine) Membership() *consensus.Membership { return e.pub.Load().network }

// loadMembership is the genesis membership followed by the changes the
// database records.
func (e *Engine) loadMembership(ctx context.Context) (*consensus.Membership, error) {
	if e.genesisNet == nil {
		return nil, nil
	}
	rows, err := e.drv.QueryInternal(ctx, "SELECT v FROM "+e.drv.Internal("meta")+" WHERE k = 'network'")
	if err != nil {
		return nil, fmt.Errorf("load membership: %w", err)
	}
	defer rows.Close()
	var evs []consensus.MembershipEvent
	for rows.Next() {
		var v []byte
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("load membership: %w", err)
		}
		if evs, err = consensus.UnmarshalEvents(v); err != nil {
			return nil, err
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return e.genesisNet.WithEvents(evs), nil
}

// saveMembership records the accepted changes when a block changed them.
func saveMembership(ctx context.Context, dtx drivers.Tx, drv drivers.Driver, old, cur *consensus.Membership) error {
	if cur == old || cur == nil {
		return nil
	}
	if err := dtx.ExecInternal(ctx, "REPLACE INTO "+drv.Internal("meta")+" (k, v) VALUES ('network', ?)", cur.MarshalEvents()); err != nil {
		return fmt.Errorf("save membership: %w", err)
	}
	return nil
}

// errNoMembership refuses a membership change on an engine that does not
// know the genesis membership.
var errNoMembership = errors.New("this database does not know the network's genesis membership")

// runMembership applies a membership change: it succeeds, changing the
// membership, or fails without changing anything.
func (a *txApply) runMembership(res *consensus.TxResult) *consensus.TxResult {
	a.sch.network = applyMembership(a.sch.network, a.tx.Membership, a.block.Height, "HY000", res)
	var outcome string
	a.tx, outcome = membershipLogged(a.tx, res)
	a.logs = append(a.logs, stmtLog{applied: a.tx.Statements[0].SQL, outcome: outcome})
	writeTx(a, res)
	return res
}

// membershipLogged is how the operation log shows a membership change:
// a transaction of one statement, a comment saying what it changed, with
// the change's outcome (res gets that statement's result when it
// succeeded), so `blocksql log` and auditors' queries list it.
func membershipLogged(tx *consensus.Tx, res *consensus.TxResult) (*consensus.Tx, string) {
	text := "/* membership change */ " + tx.Membership.Describe()
	logged := *tx
	logged.Statements = []consensus.Statement{{SQL: text, Canonical: text}}
	if res.OK() {
		res.Statements = []consensus.StmtResult{{}}
		return &logged, "ok"
	}
	return &logged, "error"
}

// applyMembership decides change c of the block at height against cur and
// returns the membership after it; res says what happened (failed with
// sqlstate, or Membership set).
func applyMembership(cur *consensus.Membership, c *consensus.MembershipChange, height int64, sqlstate string,
	res *consensus.TxResult) *consensus.Membership {
	err := errNoMembership
	next := cur
	if cur != nil {
		var ev consensus.MembershipEvent
		if next, ev, err = cur.Apply(c, height); err == nil {
			res.Membership = &ev
		}
	}
	if err != nil {
		res.Failed = 0
		res.Statements = []consensus.StmtResult{{Code: drivers.ErUnknown, State: sqlstate, Message: err.Error()}}
	}
	return next
}

// PGWithGenesisMembership is WithGenesisMembership for a postgres-dialect
// chain.
func PGWithGenesisMembership(m *consensus.Membership) PGOption {
	return func(o *pgOptions) { o.network = m }
}

// Membership is the membership after the last applied block; nil when
// the engine was not given the genesis one.
func (e *PGEngine) Membership() *consensus.Membership { return e.network.Load() }

// pgLoadMembership is loadMembership for a postgres-dialect database.
func pgLoadMembership(genesis *consensus.Membership, meta map[string][]byte) (*consensus.Membership, error) {
	if genesis == nil {
		return nil, nil
	}
	var evs []consensus.MembershipEvent
	if raw, ok := meta["network"]; ok {
		var err error
		if evs, err = consensus.UnmarshalEvents(raw); err != nil {
			return nil, err
		}
	}
	return genesis.WithEvents(evs), nil
}
