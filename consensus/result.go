package consensus

import (
	"encoding/binary"
	"fmt"
)

// StmtResult is the outcome of one statement on the node that applied it.
// Code, RowsAffected, RowsMatched and LastInsertID are what consensus
// agrees on; Message and State are for the client and may be worded
// differently per backend.
type StmtResult struct {
	Code         uint16 // 0 = ok, else the MySQL error number
	State        string // SQLSTATE when Code != 0
	Message      string
	RowsAffected uint64 // rows changed, as MySQL counts them
	// RowsMatched, for an UPDATE, is the rows it matched, changed or not.
	// Use FoundRows, which also covers the other statements (0 here).
	RowsMatched  uint64
	LastInsertID uint64
	// Returned is what a PostgreSQL RETURNING clause gave (text values,
	// nil for NULL; column names and type OIDs). It is handed to the
	// session that sent the statement on the node that applied it, and is
	// not part of the agreed result: it follows from the rows, which the
	// AppHash covers.
	Returned *Returned
}

// Returned are the rows of a RETURNING clause.
type Returned struct {
	Names []string
	OIDs  []uint32
	Rows  [][][]byte
}

// FoundRows is what MySQL reports as rows affected to a client that set
// CLIENT_FOUND_ROWS: the rows an UPDATE matched, RowsAffected otherwise.
func (s StmtResult) FoundRows() uint64 { return max(s.RowsMatched, s.RowsAffected) }

// appendMatched appends, when some statement matched rows it did not
// change, each statement's FoundRows. Results without such an UPDATE
// encode as they did before rows matched were counted, so the AppHash of
// a block without one is unchanged.
func appendMatched(b []byte, stmts []StmtResult) []byte {
	for _, s := range stmts {
		if s.RowsMatched > s.RowsAffected {
			for _, s := range stmts {
				b = binary.AppendUvarint(b, s.FoundRows())
			}
			return b
		}
	}
	return b
}

// TxResult is the outcome of one chain transaction. A transaction is all or
// nothing: when a statement fails, Failed is its index and no statement of
// the transaction left any change. A grouped transaction's statements each
// stand alone: Failed is -1 and each statement's Code is its own outcome
// (see Member).
type TxResult struct {
	Height     int64
	Failed     int // -1 when every statement succeeded
	Statements []StmtResult
	// Membership, for an accepted membership change, is what it changed
	// (the App hands the validator changes to CometBFT). Not encoded: it
	// follows from the transaction and its outcome.
	Membership *MembershipEvent
}

// OK reports whether every statement succeeded.
func (r *TxResult) OK() bool { return r.Failed < 0 }

// Member is statement j's outcome as the result of a transaction of that
// one statement: what the session that sent it in a group is answered. A
// group that failed as a whole before any statement ran (it was malformed,
// or already applied) answers every member with that failure.
func (r *TxResult) Member(j int) *TxResult {
	if r.Failed >= 0 && r.Failed < len(r.Statements) {
		j = r.Failed
	}
	if j >= len(r.Statements) {
		return &TxResult{Height: r.Height, Failed: 0, Statements: []StmtResult{{Code: 1105, State: "HY000",
			Message: fmt.Sprintf("blocksql: the chain reported no outcome for statement %d of the group", j+1)}}}
	}
	s := r.Statements[j]
	m := &TxResult{Height: r.Height, Failed: -1, Statements: []StmtResult{s}}
	if s.Code != 0 {
		m.Failed = 0
	}
	return m
}

// Marshal encodes the result for ExecTxResult.Data.
func (r *TxResult) Marshal() []byte {
	b := binary.AppendVarint(nil, r.Height)
	b = binary.AppendVarint(b, int64(r.Failed))
	b = binary.AppendUvarint(b, uint64(len(r.Statements)))
	for _, s := range r.Statements {
		b = binary.AppendUvarint(b, uint64(s.Code))
		b = appendBytes(b, []byte(s.State))
		b = appendBytes(b, []byte(s.Message))
		b = binary.AppendUvarint(b, s.RowsAffected)
		b = binary.AppendUvarint(b, s.LastInsertID)
	}
	return appendMatched(b, r.Statements)
}

// Consensus is the part of the result every node must agree on.
func (r *TxResult) Consensus() []byte {
	b := binary.AppendVarint(nil, int64(r.Failed))
	for _, s := range r.Statements {
		b = binary.AppendUvarint(b, uint64(s.Code))
		b = binary.AppendUvarint(b, s.RowsAffected)
		b = binary.AppendUvarint(b, s.LastInsertID)
	}
	return appendMatched(b, r.Statements)
}

// UnmarshalTxResult decodes Marshal's output.
func UnmarshalTxResult(data []byte) (*TxResult, error) {
	r := reader{b: data}
	res := &TxResult{Height: r.varint(), Failed: int(r.varint())}
	n := r.count()
	for i := uint64(0); i < n && r.err == nil; i++ {
		s := StmtResult{Code: uint16(r.uvarint()), State: string(r.bytes()), Message: string(r.bytes())}
		s.RowsAffected = r.uvarint()
		s.LastInsertID = r.uvarint()
		res.Statements = append(res.Statements, s)
	}
	if len(r.b) > 0 {
		for i := range res.Statements {
			res.Statements[i].RowsMatched = r.uvarint()
		}
	}
	if r.err != nil {
		return nil, fmt.Errorf("decode tx result: %w", r.err)
	}
	return res, nil
}

func (r *reader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail("bad varint")
		return 0
	}
	r.b = r.b[n:]
	return v
}
