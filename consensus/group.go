package consensus

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Group commit: concurrent autocommit writes share one chain transaction.
//
// Every chain transaction costs consensus the same whatever it holds
// (CheckTx, mempool, gossip, a Merkle leaf, a result), so at hundreds of
// clients CometBFT itself was the ceiling of single-statement writes. A
// write that arrives while no submit is in flight is sent at once, alone,
// as before: one client waits for nothing. Writes that arrive while one is
// in flight queue; when it is answered (its block decided), the queue goes
// as one grouped transaction (Tx.Group) into the next block. Before
// sending, the grouper waits a moment for the writers it just answered to
// send their next writes (at most groupGatherMax, less once they all
// have), as gather.go does for the proposer: otherwise those writers would
// always miss the next block and every block would carry only part of the
// clients. The proposer cannot start the next block before the answered
// one is committed anyway, and while a gather is under way a proposer with
// nothing else to propose waits for it (Grouper.Gathering). The apply
// engine applies a group's statements each as if alone (consecutive
// INSERTs into one table share one multi-row INSERT, replay/insertrun.go):
// each has its own outcome, and each waiter gets its own.
//
// With many writers (groupPipelineWriters or more waiting for answers),
// two submits may be in flight: one group is signed and checked, and its
// sessions' next statements parsed, while the other's block is decided and
// applied. The writers then split into two groups that take turns, each
// block carrying half of them. With fewer writers a block's fixed cost
// (votes, fsyncs, the local COMMIT) outweighs what the overlap saves, and
// one group carrying every writer per block is faster (DESIGN.md, "Group
// commit").

const (
	// groupMaxCount and groupMaxBytes bound one group; a queue that
	// reaches either is sent at once.
	groupMaxCount = 1024
	groupMaxBytes = 1 << 20
	// groupPipelineWriters is how many writes must be waiting for their
	// answers before two submits may be in flight instead of one.
	groupPipelineWriters = 192
	// groupAloneBytes: a larger write is sent alone, never grouped.
	groupAloneBytes = 64 << 10
	// groupMaxWait bounds how long a write waits for the submit in
	// flight (which waits up to the write timeout when the network has
	// lost its quorum) before its queue is sent anyway.
	groupMaxWait = 200 * time.Millisecond
	// groupGatherMin and groupGatherMax bound the wait for answered
	// writers to come back (see above). Between them it is a third of
	// the recent time between blocks (see Grouper.window).
	groupGatherMin = 4 * time.Millisecond
	groupGatherMax = 50 * time.Millisecond
)

// SubmitFunc orders one chain transaction and returns its outcome.
type SubmitFunc func(ctx context.Context, tx *Tx) (*TxResult, error)

// Grouper batches autocommit writes (see the comment above) in front of a
// SubmitFunc: a Node's Submit, or a test chain's.
type Grouper struct {
	submit SubmitFunc
	// gather, gatherMax and wait are groupGatherMin, groupGatherMax and
	// groupMaxWait, pipeline groupPipelineWriters; tests set them.
	gather, gatherMax, wait time.Duration
	pipeline                int

	// gathering counts gathers under way (see Gathering).
	gathering atomic.Int32

	mu       sync.Mutex
	queue    []*groupWrite
	bytes    int
	inflight int           // submits not yet answered
	writers  int           // grouped writes waiting for their answers
	arrived  chan struct{} // signalled when a write queues
	timer    *time.Timer   // sends the queue after groupMaxWait
	answered time.Time     // when a submit was last answered
	interval time.Duration // time between answers, smoothed (see observe)
}

// groupWrite is one write waiting in the queue.
type groupWrite struct {
	ctx  context.Context
	tx   *Tx
	size int
	sent bool // taken out of the queue (under Grouper.mu)
	done chan groupAnswer
}

type groupAnswer struct {
	res *TxResult
	err error
}

// NewGrouper returns a Grouper that submits with submit.
func NewGrouper(submit SubmitFunc) *Grouper {
	return &Grouper{submit: submit, gather: groupGatherMin, gatherMax: groupGatherMax, wait: groupMaxWait,
		pipeline: groupPipelineWriters, arrived: make(chan struct{}, 1)}
}

// Gathering reports whether a gather of the one group in flight is under
// way: a group of writes will reach the mempool within the grouper's
// window. A proposer with nothing to propose waits for it rather than
// propose an empty block the writers then wait a whole height behind
// (gather.go).
func (g *Grouper) Gathering() bool { return g != nil && g.gathering.Load() > 0 }

// maxInflight is how many submits may be in flight (under g.mu): two with
// groupPipelineWriters writers or more, else one (see above).
func (g *Grouper) maxInflight() int {
	if g.writers >= g.pipeline {
		return 2
	}
	return 1
}

// SubmitGrouped is Submit for an autocommit write of one statement that
// the apply engine lets share a grouped transaction (replay.Groupable): it
// may be carried in one chain transaction with other sessions' writes.
// The result is its own statement's, as Submit would return it.
func (n *Node) SubmitGrouped(ctx context.Context, tx *Tx) (*TxResult, error) {
	return n.grouper.Submit(ctx, tx)
}

// Submit submits tx alone when nothing is in flight, else queues it for
// the next group and waits for its own answer. tx must be an autocommit
// write of one statement that may share a group (see Node.SubmitGrouped);
// anything else is submitted alone.
func (g *Grouper) Submit(ctx context.Context, tx *Tx) (*TxResult, error) {
	size := writeSize(tx)
	if len(tx.Statements) != 1 || tx.Interactive() || size > groupAloneBytes {
		return g.submit(ctx, tx)
	}
	g.mu.Lock()
	g.writers++
	defer g.left()
	if g.inflight < g.maxInflight() && len(g.queue) == 0 {
		g.inflight++
		g.mu.Unlock()
		defer g.finish(1)
		return g.submit(ctx, tx)
	}
	w := &groupWrite{ctx: ctx, tx: tx, size: size, done: make(chan groupAnswer, 1)}
	g.queue = append(g.queue, w)
	g.bytes += size
	var batch []*groupWrite
	switch {
	case len(g.queue) >= groupMaxCount || g.bytes >= groupMaxBytes:
		batch = g.take()
	case len(g.queue) == 1:
		g.timer = time.AfterFunc(g.wait, g.expire)
	}
	g.mu.Unlock()
	select {
	case g.arrived <- struct{}{}:
	default:
	}
	if batch != nil {
		go g.send(batch)
	}
	select {
	case a := <-w.done:
		return a.res, a.err
	case <-ctx.Done():
		if g.withdraw(w) {
			return nil, fmt.Errorf("grouped write not sent: %w", ctx.Err())
		}
		return nil, fmt.Errorf("wait for grouped write: %w", ctx.Err())
	}
}

// left counts a grouped write answered or given up.
func (g *Grouper) left() {
	g.mu.Lock()
	g.writers--
	g.mu.Unlock()
}

// take empties the queue into a batch about to be sent (under g.mu).
func (g *Grouper) take() []*groupWrite {
	batch := g.queue
	g.queue, g.bytes = nil, 0
	if g.timer != nil {
		g.timer.Stop()
		g.timer = nil
	}
	for _, w := range batch {
		w.sent = true
	}
	g.inflight++
	return batch
}

// finish ends a submit that answered n writes: the writes queued
// meanwhile go next, after gathering. With two submits allowed in flight,
// a group's answer starts a gather whatever else is in flight: its writers
// send their next writes now, and holding those until another submit is
// answered made them sit out the next block while it was being proposed
// (see DESIGN.md, "Group commit"). With one allowed, they wait for the
// other submit's answer and go with its writers: the two groups become
// one.
func (g *Grouper) finish(n int) {
	g.mu.Lock()
	g.observe(time.Now())
	g.inflight--
	limit := g.maxInflight()
	next := g.inflight < limit && (len(g.queue) > 0 || n > 1) || limit > 1 && n > 1
	want := len(g.queue) + n
	// Only the one group in flight is worth a proposer's wait: with two,
	// the other one is in the mempool or the block being decided.
	solo := next && limit == 1
	if next {
		g.inflight++ // held by gatherThenSend
	}
	if solo {
		g.gathering.Add(1)
	}
	g.mu.Unlock()
	if next {
		go g.gatherThenSend(want, solo)
	}
}

// observe records, under g.mu, the time since the previous answer: with
// submits in flight, one is answered per block, so this follows the
// time between blocks. A gap over a second (an idle node) counts as one.
func (g *Grouper) observe(now time.Time) {
	if !g.answered.IsZero() {
		d := min(now.Sub(g.answered), time.Second)
		if g.interval == 0 {
			g.interval = d
		} else {
			g.interval = (4*g.interval + d) / 5
		}
	}
	g.answered = now
}

// window is how long a gather may wait for the answered writers: a third
// of the recent time between answers, within [gather, gatherMax]. The
// submit still in flight holds the next block, so the group sent after
// the gather goes into the block after it, and makes it if it reaches the
// proposer within about one block: a third leaves the rest for CheckTx
// and gossip. Waiting that long for the last answered writers costs them
// nothing, where a fixed 4 ms sent the stragglers in a group of their
// own, a block later. On four validator processes a block takes ~50 ms
// and, under load, a writer takes longer than 4 ms from its answer to
// its next write; on one node blocks are a few ms apart and the floor
// holds (see DESIGN.md, "Group commit").
func (g *Grouper) window() time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	return min(max(g.interval/3, g.gather), max(g.gatherMax, g.gather))
}

// gatherThenSend waits until want writes are queued (the writers just
// answered sent their next ones) or the window passed, then sends the
// queue. solo: the gather is counted in g.gathering.
func (g *Grouper) gatherThenSend(want int, solo bool) {
	deadline := time.NewTimer(g.window())
	defer deadline.Stop()
	for waiting := true; waiting; {
		g.mu.Lock()
		full := len(g.queue) >= min(want, groupMaxCount)
		g.mu.Unlock()
		if full {
			break
		}
		select {
		case <-g.arrived:
		case <-deadline.C:
			waiting = false
		}
	}
	if solo {
		g.gathering.Add(-1)
	}
	g.flush(1)
}

// expire sends a queue that waited groupMaxWait for the submit in flight.
func (g *Grouper) expire() { g.flush(0) }

// flush sends what is queued, if anything, after giving back held of
// g.inflight.
func (g *Grouper) flush(held int) {
	g.mu.Lock()
	g.inflight -= held
	var batch []*groupWrite
	if len(g.queue) > 0 {
		batch = g.take()
	}
	g.mu.Unlock()
	if batch != nil {
		g.send(batch)
	}
}

// withdraw takes a write whose client gave up out of the queue; false if
// it was sent already.
func (g *Grouper) withdraw(w *groupWrite) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if w.sent {
		return false
	}
	for i, q := range g.queue {
		if q == w {
			g.queue = append(g.queue[:i], g.queue[i+1:]...)
			g.bytes -= w.size
			break
		}
	}
	return true
}

// send submits a batch, grouped when it holds several writes, and answers
// each write with its own statement's result.
func (g *Grouper) send(batch []*groupWrite) {
	answers := g.answers(batch)
	// finish starts the gather for the writers answered here; it must
	// count the queue before they have their answers, or one that comes
	// back at once is counted twice and the gather waits its whole window
	// for a write that never comes.
	g.finish(len(batch))
	for j, w := range batch {
		w.done <- answers[j]
	}
}

// answers submits a batch, as one group or a lone write, and returns each
// write's answer.
func (g *Grouper) answers(batch []*groupWrite) []groupAnswer {
	out := make([]groupAnswer, len(batch))
	if len(batch) == 1 {
		res, err := g.submit(batch[0].ctx, batch[0].tx)
		out[0] = groupAnswer{res, err}
		return out
	}
	res, err := g.submit(context.Background(), groupOf(batch))
	var rej *RejectedError
	if errors.As(err, &rej) && rej.Code == CodeRejected {
		// One write the apply engine refuses must not fail the others:
		// nothing was sent, so each goes alone and gets its own answer.
		var wg sync.WaitGroup
		for j, w := range batch {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, err := g.submit(w.ctx, w.tx)
				out[j] = groupAnswer{res, err}
			}()
		}
		wg.Wait()
		return out
	}
	for j := range batch {
		if err != nil {
			out[j] = groupAnswer{nil, err}
		} else {
			out[j] = groupAnswer{res.Member(j), nil}
		}
	}
	return out
}

// groupOf is the grouped transaction of a batch's writes, in queue order.
func groupOf(batch []*groupWrite) *Tx {
	g := &Tx{Group: make([]Context, len(batch)), Statements: make([]Statement, len(batch))}
	for j, w := range batch {
		g.Group[j] = w.tx.ContextOf(0)
		g.Statements[j] = w.tx.Statements[0]
	}
	return g
}

// writeSize is about the bytes tx adds to a group.
func writeSize(tx *Tx) int {
	n := len(tx.Database) + len(tx.SQLMode) + len(tx.TimeZone) + len(tx.User) + len(tx.ClientAddr)
	for _, s := range tx.Statements {
		n += len(s.SQL) + len(s.Canonical) + 16
		for _, p := range s.Params {
			n += len(p.Bytes) + 9
		}
	}
	return n
}
