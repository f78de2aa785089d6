package postgres

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/replay"
)

// Explicit transactions. Between BEGIN and COMMIT each statement is
// answered when it is sent: the transaction's writes so far and the new
// statement run against the node's local database in a transaction that is
// always rolled back (Speculator), so a write gets its real row count or
// error and a read sees the transaction's own writes. COMMIT submits the
// writes as ONE chain transaction carrying each row count the client was
// told; applying it re-runs them and, if any count or outcome differs (the
// rows changed meanwhile), rolls the whole transaction back with 40001,
// which PostgreSQL clients retry. An error inside the transaction aborts
// it as in PostgreSQL: later statements get 25P02 and COMMIT rolls back.

// Speculator runs an open transaction's writes against the local
// database, then an optional read in the same local transaction, and
// rolls back (replay.PGEngine).
type Speculator interface {
	Speculate(ctx context.Context, stmts []consensus.Statement, read func(drivers.TextTx) error) ([]consensus.StmtResult, error)
}

// errStaleTxn: rows the open transaction's earlier statements answered
// from have changed since (another write committed): as PostgreSQL does on
// a serialization failure, the client is told to retry.
var errStaleTxn = &drivers.Error{Code: replay.ErDeadlock, State: "40001",
	Message: "could not serialize access due to concurrent update: the transaction's earlier statements no longer give what they answered; roll back and retry"}

// txn is a session's open transaction.
type txn struct {
	writes []consensus.Statement // each with the Answer its client was given
	failed bool                  // a statement failed: only ROLLBACK/COMMIT (or ROLLBACK TO SAVEPOINT) are taken
	// savepoints is a stack: a name set again hides the older one until it
	// is released or rolled back past.
	savepoints []savepoint
}

// savepoint marks how many writes the transaction held when it was set.
type savepoint struct {
	name string
	n    int
}

// txStatus is the ReadyForQuery status: idle, in a transaction, or in a
// failed one.
func (c *conn) txStatus() byte {
	switch {
	case c.txn == nil:
		return 'I'
	case c.txn.failed:
		return 'E'
	}
	return 'T'
}

// checkTxnOpen refuses everything but COMMIT and ROLLBACK in a failed
// transaction.
func (c *conn) checkTxnOpen(k replay.Kind) error {
	if c.txn == nil || !c.txn.failed || k == replay.KindCommit || k == replay.KindRollback {
		return nil
	}
	return &drivers.Error{State: "25P02", Message: "current transaction is aborted, commands ignored until end of transaction block"}
}

// begin opens a transaction; tag is BEGIN or START TRANSACTION, as the
// client wrote it.
func (c *conn) begin(tag string) error {
	if c.txn != nil {
		c.be.Send(&pgproto3.NoticeResponse{Severity: "WARNING", Code: "25001", Message: "there is already a transaction in progress"})
	} else if c.srv.cfg.Speculator == nil {
		return notYet("explicit transactions need the node's apply engine")
	} else {
		c.txn = &txn{}
	}
	c.be.Send(&pgproto3.CommandComplete{CommandTag: []byte(tag)})
	return nil
}

func (c *conn) rollback() error {
	if c.txn == nil {
		c.be.Send(&pgproto3.NoticeResponse{Severity: "WARNING", Code: "25P01", Message: "there is no transaction in progress"})
	}
	c.txn = nil
	c.be.Send(&pgproto3.CommandComplete{CommandTag: []byte("ROLLBACK")})
	return nil
}

// commit submits the transaction's writes as one chain transaction; a
// failed transaction rolls back (its tag says so, as PostgreSQL's does).
func (c *conn) commit(ctx context.Context) error {
	t := c.txn
	c.txn = nil
	switch {
	case t == nil:
		c.be.Send(&pgproto3.NoticeResponse{Severity: "WARNING", Code: "25P01", Message: "there is no transaction in progress"})
	case t.failed:
		c.be.Send(&pgproto3.CommandComplete{CommandTag: []byte("ROLLBACK")})
		return nil
	case len(t.writes) > 0:
		res, err := c.srv.chain.Submit(ctx, c.chainTx(t.writes))
		if err != nil {
			return err
		}
		if res.Failed >= 0 {
			sr := res.Statements[res.Failed]
			return &drivers.Error{Code: sr.Code, State: sr.State, Message: sr.Message}
		}
	}
	c.be.Send(&pgproto3.CommandComplete{CommandTag: []byte("COMMIT")})
	return nil
}

// writeInTxn answers a write of the open transaction from a speculation
// and keeps it, with that answer, for COMMIT.
func (c *conn) writeInTxn(ctx context.Context, p *portal, simple bool, stmt consensus.Statement) error {
	res, err := c.speculateWrites(ctx, []consensus.Statement{stmt})
	if err != nil {
		return err
	}
	if err := c.sendReturned(p, simple, res[0].Returned); err != nil {
		return err
	}
	c.be.Send(&pgproto3.CommandComplete{CommandTag: []byte(commandTag(p.stmt.st.Tag, res[0].RowsAffected))})
	return nil
}

// speculateWrites runs stmts after the open transaction's writes, in one
// speculation, and if they all succeed keeps them with what they report
// (row counts, and a digest of the rows a RETURNING gave), returning their
// results.
func (c *conn) speculateWrites(ctx context.Context, stmts []consensus.Statement) ([]consensus.StmtResult, error) {
	all := append(slices.Clip(c.txn.writes), stmts...)
	res, err := c.srv.cfg.Speculator.Speculate(ctx, all, nil)
	if err != nil {
		return nil, err
	}
	for i, w := range c.txn.writes {
		if i >= len(res) || res[i].Code != 0 || res[i].RowsAffected != w.Answer.RowsAffected ||
			!bytes.Equal(replay.PGReturnedDigest(res[i].Returned), w.Answer.ReadDigest) {
			return nil, errStaleTxn
		}
	}
	for i := len(c.txn.writes); i < len(res); i++ {
		if sr := res[i]; sr.Code != 0 {
			return nil, &drivers.Error{Code: sr.Code, State: sr.State, Message: sr.Message}
		}
	}
	out := res[len(c.txn.writes):]
	for i, sr := range out {
		stmts[i].Answer = &consensus.Answer{RowsAffected: sr.RowsAffected, ReadDigest: replay.PGReturnedDigest(sr.Returned)}
	}
	c.txn.writes = append(c.txn.writes, stmts...)
	return out, nil
}

// inTxn runs f in a speculation of the open transaction, after its
// writes; if those no longer give what they answered, the transaction is
// stale.
func (c *conn) inTxn(ctx context.Context, f func(drivers.TextTx) error) error {
	res, err := c.srv.cfg.Speculator.Speculate(ctx, c.txn.writes, f)
	if err != nil {
		return err
	}
	if len(res) < len(c.txn.writes) || len(res) > 0 && res[len(res)-1].Code != 0 {
		return errStaleTxn
	}
	return nil
}

// savepoint runs SAVEPOINT, ROLLBACK TO SAVEPOINT or RELEASE SAVEPOINT
// (tag SAVEPOINT, ROLLBACK, RELEASE) as PostgreSQL does. The writes after
// a savepoint are only in the session until COMMIT, so rolling back to it
// drops them from the transaction (the next speculation runs without
// them, COMMIT does not carry them) and ends a failed state; it releases
// the savepoints set after it and keeps it. Outside a transaction each is
// 25P01; in a failed one only ROLLBACK TO is taken; an unknown name is
// 3B001 (and fails the transaction, as any error does).
func (c *conn) savepoint(st *replay.PGStmt) error {
	tag, name := st.Tag, st.SavepointName()
	op := map[string]string{"SAVEPOINT": "SAVEPOINT", "ROLLBACK": "ROLLBACK TO SAVEPOINT", "RELEASE": "RELEASE SAVEPOINT"}[tag]
	t := c.txn
	if t == nil {
		return &drivers.Error{State: "25P01", Message: op + " can only be used in transaction blocks"}
	}
	if t.failed && tag != "ROLLBACK" {
		return c.checkTxnOpen(st.Kind)
	}
	i := len(t.savepoints) - 1
	for i >= 0 && t.savepoints[i].name != name {
		i--
	}
	switch {
	case tag == "SAVEPOINT":
		t.savepoints = append(t.savepoints, savepoint{name: name, n: len(t.writes)})
	case i < 0:
		return &drivers.Error{State: "3B001", Message: fmt.Sprintf("savepoint %q does not exist", name)}
	case tag == "ROLLBACK":
		n := t.savepoints[i].n
		t.writes = t.writes[:n:n] // capped: later writes go to a new array
		t.savepoints = t.savepoints[:i+1]
		t.failed = false
	default:
		t.savepoints = t.savepoints[:i]
	}
	c.be.Send(&pgproto3.CommandComplete{CommandTag: []byte(tag)})
	return nil
}
