package replay

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/blocksql/blocksql/consensus"
)

// Restore rebuilds a database up to a Stop by applying the chain's blocks
// with the same ApplyBlock the live node uses (Engine, or PGEngine for a
// postgres-dialect chain), verifying each block before it is applied and
// each recomputed AppHash against the chain.
type Restore struct {
	Source   BlockSource
	Verifier *ChainVerifier
	// Engine is the output database: empty (height 0) or restored from a
	// snapshot at a height at or below Stop.
	Engine StateEngine
	Stop   Stop
	// Progress, if set, is called about every ProgressInterval.
	Progress         func(Progress)
	ProgressInterval time.Duration
}

// StateEngine is the apply engine of either dialect, as a restore, a
// snapshot and verify use it: Engine or PGEngine.
type StateEngine interface {
	Height() int64
	AppHash() []byte
	// ApplyBlockPrefix applies the first n transactions of b (all when n
	// is outside 0..len(b.Txs)-1); see Engine.ApplyBlockPrefix.
	ApplyBlockPrefix(ctx context.Context, b consensus.Block, n int) ([]*consensus.TxResult, []byte, error)
	// CheckApplied compares the AppHash of the block just applied with the
	// one the chain committed to in next.
	CheckApplied(h int64, computed []byte, next *cmttypes.Header) error
	// Digest is the state digest of the user tables.
	Digest(ctx context.Context) (*Digest, error)
	// Partial tells whether the database stops inside block Height().
	Partial(ctx context.Context) (applied, total int, ok bool, err error)
	// Membership is the network's membership after the last block
	// applied, nil when the engine was not given the genesis one.
	Membership() *consensus.Membership
	// Close closes the database.
	Close() error
}

var (
	_ StateEngine = (*Engine)(nil)
	_ StateEngine = (*PGEngine)(nil)
)

// Progress is a restore's state, for a progress line.
type Progress struct {
	Height, From, To   int64
	Blocks, Statements int64
	Elapsed            time.Duration
}

// Report is what a finished restore reached.
type Report struct {
	Target string `json:"target"`
	Stop
	StartHeight  int64  `json:"start_height"`
	Snapshot     string `json:"snapshot,omitempty"`
	Blocks       int64  `json:"blocks_applied"`
	Transactions int64  `json:"transactions_applied"`
	FailedTxs    int64  `json:"transactions_failed"`
	Statements   int64  `json:"statements_applied"`
	AppHash      string `json:"app_hash"`
	// AppHashVerified is the last height whose recomputed AppHash matched
	// the chain's; the tip's is only committed by the next block.
	AppHashVerified int64   `json:"app_hash_verified_through"`
	Digest          *Digest `json:"digest"`
	Seconds         float64 `json:"seconds"`
}

// Count adds one applied block's results to the report.
func (r *Report) Count(res []*consensus.TxResult) {
	r.Blocks++
	for _, tr := range res {
		r.Transactions++
		r.Statements += int64(len(tr.Statements))
		if !tr.OK() {
			r.FailedTxs++
		}
	}
}

// Run applies blocks Engine.Height()+1 .. Stop.Height and returns the
// report. An error names the height it stopped at.
func (r *Restore) Run(ctx context.Context) (*Report, error) {
	from := r.Engine.Height()
	if from > r.Stop.Height {
		return nil, fmt.Errorf("output database is at height %d, past the target height %d", from, r.Stop.Height)
	}
	rep := &Report{Stop: r.Stop, StartHeight: from, AppHashVerified: -1}
	if err := r.checkStart(from, rep); err != nil {
		return nil, err
	}
	start := time.Now()
	g, grouped := r.Engine.(*Engine)
	if grouped {
		g.groupBlocks(groupTxs)
	}
	if err := r.applyAll(ctx, from, rep, start); err != nil {
		if grouped {
			g.dropGroup()
		}
		return nil, err
	}
	if grouped {
		if err := g.flushGroup(); err != nil {
			return nil, err
		}
	}
	return r.finish(ctx, rep, start)
}

// applyAll applies blocks from+1 .. Stop.Height, reporting progress.
// The blocks are read, verified and parsed ahead on another goroutine
// (prefetch) while the engine applies the one before.
func (r *Restore) applyAll(ctx context.Context, from int64, rep *Report, start time.Time) error {
	pctx, cancel := context.WithCancel(ctx)
	ahead, done := r.prefetch(pctx, from)
	defer func() {
		cancel()
		<-done
	}()
	last := start
	for h := from + 1; h <= r.Stop.Height; h++ {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("restore stopped at height %d: %w", h-1, err)
		}
		var f fetched
		select {
		case f = <-ahead:
		case <-ctx.Done():
			return fmt.Errorf("restore stopped at height %d: %w", h-1, ctx.Err())
		}
		if f.err != nil {
			return f.err
		}
		if err := r.applyOne(ctx, &f, rep); err != nil {
			return err
		}
		if r.Progress != nil && time.Since(last) >= r.ProgressInterval {
			last = time.Now()
			r.Progress(Progress{Height: h, From: from, To: r.Stop.Height, Blocks: rep.Blocks,
				Statements: rep.Statements, Elapsed: last.Sub(start)})
		}
	}
	return nil
}

// fetched is a block read and verified ahead of its application, with
// the header that commits to its AppHash (nil when the restore stops inside
// the block or the chain ends with it).
type fetched struct {
	b    consensus.Block
	next *cmttypes.Header
	err  error
}

// prefetchDepth is how many verified blocks wait for the engine.
const prefetchDepth = 2

// prefetch reads blocks from+1 .. Stop.Height in order on a goroutine of
// its own, which alone uses Source and Verifier until done is closed; it
// stops at the first error, which it sends, or when ctx ends.
func (r *Restore) prefetch(ctx context.Context, from int64) (<-chan fetched, <-chan struct{}) {
	out, done := make(chan fetched, prefetchDepth), make(chan struct{})
	e, parses := r.Engine.(*Engine)
	go func() {
		defer close(done)
		for h := from + 1; h <= r.Stop.Height; h++ {
			f := r.fetch(h)
			if f.err == nil && parses {
				e.prepare(ctx, &f.b)
			}
			select {
			case out <- f:
			case <-ctx.Done():
				return
			}
			if f.err != nil {
				return
			}
		}
	}()
	return out, done
}

// fetch reads and verifies block h and the header after it.
func (r *Restore) fetch(h int64) fetched {
	b, err := r.readVerified(h)
	if err != nil {
		return fetched{err: err}
	}
	f := fetched{b: b}
	if (h == r.Stop.Height && r.Stop.Txs >= 0) || h+1 > r.Source.Height() {
		return f
	}
	f.next, f.err = r.Source.Header(h + 1)
	return f
}

// checkStart verifies the state the restore starts from (empty, or a
// snapshot) against the AppHash the chain committed for it.
func (r *Restore) checkStart(from int64, rep *Report) error {
	var prev *cmttypes.Header
	if from > 0 {
		hdr, err := r.Source.Header(from)
		if err != nil {
			return fmt.Errorf("start at height %d: %w", from, err)
		}
		prev = hdr
	}
	if err := r.Verifier.Start(prev, r.Engine.Membership(), r.Source); err != nil {
		return err
	}
	if from+1 > r.Source.Height() {
		return nil
	}
	next, err := r.Source.Header(from + 1)
	if err != nil {
		return err
	}
	commit, err := r.Source.Commit(from + 1)
	if err != nil {
		return err
	}
	if err := r.Verifier.verifyHeaderAlone(from+1, next, commit); err != nil {
		return err
	}
	if err := CheckAppHash(from, r.Engine.AppHash(), next); err != nil {
		return fmt.Errorf("starting state at height %d does not match the chain: %w", from, err)
	}
	rep.AppHashVerified = from
	return nil
}

func (r *Restore) applyOne(ctx context.Context, f *fetched, rep *Report) error {
	h, n := f.b.Height, -1
	if h == r.Stop.Height {
		n = r.Stop.Txs
	}
	res, hash, err := r.Engine.ApplyBlockPrefix(ctx, f.b, n)
	if err != nil {
		return err
	}
	rep.Count(res)
	if f.next == nil {
		return nil
	}
	if err := r.Engine.CheckApplied(h, hash, f.next); err != nil {
		return err
	}
	rep.AppHashVerified = h
	return nil
}

// readVerified reads block h and checks it against the signed chain.
func (r *Restore) readVerified(h int64) (consensus.Block, error) {
	b, err := r.Source.Block(h)
	if errors.Is(err, consensus.ErrCorruptBlock) {
		return b, tampered(h, "%s", strings.TrimPrefix(err.Error(), fmt.Sprintf("block %d: ", h)))
	}
	if err != nil {
		return b, err
	}
	hdr, err := r.Source.Header(h)
	if err != nil {
		return b, err
	}
	commit, err := r.Source.Commit(h)
	if err != nil {
		return b, err
	}
	return b, r.Verifier.VerifyBlock(&b, hdr, commit)
}

func (r *Restore) finish(ctx context.Context, rep *Report, start time.Time) (*Report, error) {
	d, err := r.Engine.Digest(ctx)
	if err != nil {
		return nil, err
	}
	rep.Digest = d
	rep.AppHash = hex.EncodeToString(r.Engine.AppHash())
	rep.Seconds = time.Since(start).Seconds()
	return rep, nil
}
