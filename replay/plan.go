package replay

import (
	"fmt"
	"time"

	"github.com/blocksql/blocksql/consensus"
)

// Plan is what a restore would do, for --dry-run: where it starts, the
// blocks and statements it applies and where it stops. Making a plan reads
// and verifies every block in the range but writes nothing.
type Plan struct {
	Target string `json:"target"`
	Stop
	StartHeight  int64     `json:"start_height"`
	Snapshot     string    `json:"snapshot,omitempty"`
	Blocks       int64     `json:"blocks"`
	Transactions int64     `json:"transactions"`
	Statements   int64     `json:"statements"`
	TipHeight    int64     `json:"tip_height"`
	TipTime      time.Time `json:"tip_time"`
}

// MakePlan counts what a restore from height start to stop applies,
// checking each block with v.
func MakePlan(src BlockSource, v *ChainVerifier, start int64, stop Stop) (*Plan, error) {
	p := &Plan{Stop: stop, StartHeight: start, TipHeight: src.Height()}
	if hdr, err := src.Header(src.Height()); err == nil {
		p.TipTime = hdr.Time
	}
	r := &Restore{Source: src, Verifier: v}
	if start > 0 {
		hdr, err := src.Header(start)
		if err != nil {
			return nil, err
		}
		if err := v.Start(hdr, nil, src); err != nil {
			return nil, err
		}
	}
	for h := start + 1; h <= stop.Height; h++ {
		b, err := r.readVerified(h)
		if err != nil {
			return nil, err
		}
		txs := b.Txs
		if h == stop.Height && stop.Partial() {
			txs = txs[:stop.Txs]
		}
		p.Blocks++
		for _, raw := range txs {
			p.Transactions++
			if tx, err := consensus.UnmarshalTx(raw); err == nil {
				p.Statements += int64(len(tx.Statements))
			}
		}
	}
	return p, nil
}

func (p *Plan) String() string {
	from := "genesis (empty database)"
	if p.Snapshot != "" {
		from = fmt.Sprintf("snapshot %s at height %d", p.Snapshot, p.StartHeight)
	}
	return fmt.Sprintf("start:   %s\napply:   %d blocks, %d transactions, %d statements (heights %d..%d)\nreach:   %s\nchain:   tip at height %d, %s",
		from, p.Blocks, p.Transactions, p.Statements, p.StartHeight+1, p.Height, p.Stop.describe(),
		p.TipHeight, p.TipTime.UTC().Format(time.RFC3339Nano))
}

// describe says where a stop leaves the database, for reports.
func (s Stop) describe() string {
	if s.Height == 0 {
		return "height 0 (before the first block)"
	}
	t := s.Time.UTC().Format(time.RFC3339Nano)
	if s.Partial() {
		return fmt.Sprintf("height %d at %s, first %d transactions of the block", s.Height, t, s.Txs)
	}
	return fmt.Sprintf("height %d at %s", s.Height, t)
}

func (r *Report) String() string {
	from := "genesis"
	if r.Snapshot != "" {
		from = fmt.Sprintf("snapshot %s (height %d)", r.Snapshot, r.StartHeight)
	}
	checked := fmt.Sprintf("verified against the chain through height %d", r.AppHashVerified)
	if r.AppHashVerified < 0 {
		checked = "not yet committed by the chain"
	}
	digest := r.Digest.Hash
	if r.Digest.Tables != nil { // a postgres-dialect digest has no per-table part
		digest += fmt.Sprintf(" (%d tables)", len(r.Digest.Tables))
	}
	return fmt.Sprintf("restored to %s\nfrom %s: %d blocks, %d transactions (%d failed, as on the chain), %d statements in %.2fs\napp hash %s (%s)\nstate digest %s",
		r.Stop.describe(), from, r.Blocks, r.Transactions, r.FailedTxs, r.Statements, r.Seconds,
		r.AppHash, checked, digest)
}
