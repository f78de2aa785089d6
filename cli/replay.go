package cli

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/blocksql/blocksql/replay"
)

func init() { register(newReplayCmd) }

const replayHint = "blocksql replay --home H --to-height N --output sqlite:/tmp/restored.db"

// replayOptions are the parsed flags of one replay.
type replayOptions struct {
	home        string
	target      replay.Target
	out         output
	force       bool
	ifNotExists bool
	dryRun      bool
	json        bool
	noSnapshots bool
	// progress, when set, is called every progressEvery instead of the
	// terminal's progress line (the bench, tests).
	progress      func(replay.Progress)
	progressEvery time.Duration
	stdout        io.Writer
	stderr        *os.File
}

// replayFlags are the raw flag values, checked by check.
type replayFlags struct {
	height int64
	at, tx string
	out    string
}

// newReplayCmd rebuilds a new database from the chain up to one target,
// with the apply engine the live node uses, verifying what it reads.
func newReplayCmd() *cobra.Command {
	o := &replayOptions{stdout: os.Stdout, stderr: os.Stderr}
	var rf replayFlags
	c := &cobra.Command{
		Use:   "replay",
		Short: "restore a new database to a block height, time or transaction (verified)",
		Long: "replay rebuilds a NEW database from the chain up to exactly one target (--to-height,\n" +
			"--to-time or --to-tx), verifying hash links, commit signatures and AppHashes on the way.\n" +
			"--to-time: " + timeFormats + ".",
		Example: "  " + replayHint + "\n" +
			"  blocksql replay --home ./node --to-time '2026-03-01 14:00' --output sqlite:/tmp/at1400.db\n" +
			"  blocksql replay --home ./node --to-tx 3f9a…(64 hex digits) --inclusive=false --output 'mysql:root@tcp(127.0.0.1:3306)/#restored_'\n" +
			"  blocksql replay --home ./node --to-height 500 --dry-run",
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := o.check(rf); err != nil {
				return err
			}
			return runReplay(cmd.Context(), o)
		},
	}
	f := c.Flags()
	f.StringVar(&o.home, "home", defaultHome(), "node home directory to read the chain from (the node may be running)")
	f.Int64Var(&rf.height, "to-height", 0, "stop at this block height")
	f.StringVar(&rf.at, "to-time", "", "stop at the last block at or before this time")
	f.StringVar(&rf.tx, "to-tx", "", "stop at the transaction with this hash (hex)")
	f.BoolVar(&o.target.Inclusive, "inclusive", true, "include the target itself; false stops just before it")
	f.StringVar(&rf.out, "output", "", "new database to write: sqlite:PATH or mysql:DSN[#prefix]; postgres:DSN for a postgres-dialect chain")
	f.BoolVar(&o.force, "force", false, "replace an output that already holds data")
	f.BoolVar(&o.ifNotExists, "if-not-exists", false, "do nothing (and succeed) if the output already holds data")
	f.BoolVar(&o.dryRun, "dry-run", false, "print the plan without writing")
	f.BoolVar(&o.json, "json", false, "print the plan or report as JSON")
	f.BoolVar(&o.noSnapshots, "no-snapshots", false, "replay from genesis even if a snapshot is nearer")
	return c
}

func (o *replayOptions) check(rf replayFlags) error {
	if err := o.setTarget(rf.height, rf.at, rf.tx); err != nil {
		return err
	}
	if rf.out == "" && !o.dryRun {
		return &UsageError{Msg: "replay needs --output", Hint: replayHint}
	}
	if rf.out != "" {
		var err error
		if o.out, err = parseOutput("--output", rf.out); err != nil {
			return err
		}
	}
	if o.force && o.ifNotExists {
		return &UsageError{Msg: "--force and --if-not-exists contradict each other", Hint: replayHint}
	}
	return nil
}

func (o *replayOptions) setTarget(height int64, at, tx string) error {
	n := 0
	for _, set := range []bool{height != 0, at != "", tx != ""} {
		if set {
			n++
		}
	}
	if n != 1 {
		return &UsageError{Msg: "give exactly one of --to-height, --to-time and --to-tx", Hint: replayHint}
	}
	switch {
	case height < 0:
		return &UsageError{Msg: "--to-height must be positive", Hint: replayHint}
	case height > 0:
		o.target.Height = height
	case at != "":
		t, err := parseTime("to-time", at)
		if err != nil {
			return err
		}
		o.target.Time = t
	default:
		h, err := hex.DecodeString(strings.TrimPrefix(strings.ToLower(tx), "0x"))
		if err != nil || len(h) != 32 {
			return &UsageError{Msg: fmt.Sprintf("--to-tx %q is not a 64-digit hex transaction hash", tx),
				Hint: "blocksql log shows transaction hashes; use the full tx_hash"}
		}
		o.target.Tx = h
	}
	return nil
}

func runReplay(ctx context.Context, o *replayOptions) error {
	stop, err := profileFromEnv()
	if err != nil {
		return err
	}
	defer stop()
	rep, err := replayReport(ctx, o)
	if err != nil || rep == nil {
		return err
	}
	return o.print(rep)
}

// replayReport does what o asks and returns the report of the restore it
// ran; nil when it ran none (a dry run, an output left alone).
func replayReport(ctx context.Context, o *replayOptions) (*replay.Report, error) {
	c, err := openChain(o.home)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	if err := o.checkDialect(c); err != nil {
		return nil, err
	}
	stop, err := replay.Resolve(c.store, o.target)
	if err != nil {
		return nil, targetError(err)
	}
	snap, err := o.snapshot(c, stop)
	if err != nil {
		return nil, err
	}
	if o.dryRun {
		return nil, o.plan(c, stop, snap)
	}
	if proceed, err := o.prepareOutput(ctx); !proceed || err != nil {
		return nil, err
	}
	return o.restore(ctx, c, stop, snap)
}

// checkDialect refuses an output the chain's dialect cannot be applied to.
func (o *replayOptions) checkDialect(c *chain) error {
	switch d := o.out.driver; {
	case d == "" || d == "sqlite":
	case c.postgres() && d != "postgres":
		return &UsageError{Msg: "a postgres-dialect chain replays into a PostgreSQL or SQLite database",
			Hint: "blocksql replay --home H --to-height N --output 'postgres:postgres://postgres@127.0.0.1:5432/restored' or --output sqlite:restored.db"}
	case !c.postgres() && d != "mysql":
		return &UsageError{Msg: "a mysql-dialect chain replays into a MySQL/MariaDB or SQLite database", Hint: outputHint}
	}
	return nil
}

// targetError adds what an operator can do about an unreachable target.
func targetError(err error) error {
	var bt *replay.BeyondTipError
	if errors.As(err, &bt) {
		return &UsageError{Msg: err.Error(), Hint: fmt.Sprintf("--to-height %d restores the newest state", bt.TipHeight)}
	}
	if errors.Is(err, replay.ErrTxNotFound) {
		return &UsageError{Msg: err.Error(), Hint: "check the hash with: blocksql log"}
	}
	return err
}

func (o *replayOptions) snapshot(c *chain, stop replay.Stop) (*replay.SnapshotInfo, error) {
	if o.noSnapshots || (o.out.driver != "" && o.out.driver != "sqlite") {
		return nil, nil
	}
	return c.snapshotFor(stop)
}

func (o *replayOptions) plan(c *chain, stop replay.Stop, snap *replay.SnapshotInfo) error {
	var start int64
	if snap != nil {
		start = snap.Height
	}
	p, err := replay.MakePlan(c.store, c.verifier, start, stop)
	if err != nil {
		return err
	}
	p.Target = o.target.String()
	if snap != nil {
		p.Snapshot = snap.File
	}
	if o.json {
		return writeJSON(o.stdout, p)
	}
	fmt.Fprintf(o.stdout, "plan for %s (dry run, nothing written)\n%s\n", p.Target, p)
	if o.out.driver != "" {
		fmt.Fprintf(o.stdout, "output:  %s\n", o.out)
	}
	return nil
}

// prepareOutput applies --force and --if-not-exists; proceed is false when
// there is nothing to do.
func (o *replayOptions) prepareOutput(ctx context.Context) (proceed bool, err error) {
	full, err := o.out.holdsData(ctx)
	switch {
	case err != nil:
		return false, fmt.Errorf("check output %s: %w", o.out, err)
	case !full:
		return true, nil
	case o.ifNotExists:
		fmt.Fprintf(o.stdout, "output %s already holds data; nothing done (--if-not-exists)\n", o.out)
		return false, nil
	case o.force:
		return true, o.out.remove(ctx)
	}
	return false, &UsageError{Msg: fmt.Sprintf("output %s already holds data; replay only writes a new database", o.out),
		Hint: "choose a new --output, or add --force to replace it (--if-not-exists to skip it)"}
}

func (o *replayOptions) restore(ctx context.Context, c *chain, stop replay.Stop, snap *replay.SnapshotInfo) (*replay.Report, error) {
	progress, every := o.progress, o.progressEvery
	if progress == nil && isTerminal(o.stderr) {
		progress, every = func(p replay.Progress) { printProgress(o.stderr, p) }, replayProgressEvery
	}
	staged := o.out.staged()
	defer debug.SetGCPercent(debug.SetGCPercent(restoreGCPercent))
	e, rep, err := c.rebuild(ctx, staged, stop, snap, progress, every)
	if progress != nil {
		fmt.Fprint(o.stderr, "\r\033[K")
	}
	if err == nil {
		err = e.Close()
	}
	if err == nil {
		err = o.out.publish(staged)
	}
	if err != nil {
		_ = staged.remove(context.WithoutCancel(ctx)) // never leave a half-restored database behind
		return nil, fmt.Errorf("restore to %s: %w (output removed)", o.target, err)
	}
	rep.Target = o.target.String()
	return rep, nil
}

// restoreGCPercent is the garbage collector's target while a restore runs:
// the apply engine allocates a great deal per statement and keeps little
// (the blocks in flight, the parsed trees ahead), so at Go's default of 100
// the collector ran often on a small heap. At 400 a restore from genesis of
// 100,000 statements into SQLite took 3.37/3.52/3.44 s against
// 4.08/4.06/3.78 s (three alternated runs, peak RSS 340 MB against 240 MB);
// 200 gave 3.67/3.69/3.36 s, and 800 was slower again (3.6–3.7 s: the
// larger heap's page faults). There is no gain on a restore of half that
// length; see replay/DESIGN.md, "The collector during a restore".
const restoreGCPercent = 400

// replayProgressEvery is how often the terminal's progress line is redrawn.
const replayProgressEvery = 250 * time.Millisecond

func (o *replayOptions) print(rep *replay.Report) error {
	if o.json {
		return writeJSON(o.stdout, rep)
	}
	_, err := fmt.Fprintf(o.stdout, "%s\noutput %s\n", rep, o.out)
	return err
}

// printProgress rewrites one status line: blocks/s, statements/s, ETA.
func printProgress(w io.Writer, p replay.Progress) {
	secs := p.Elapsed.Seconds()
	if secs <= 0 {
		return
	}
	bps := float64(p.Blocks) / secs
	eta := "?"
	if bps > 0 {
		eta = (time.Duration(float64(p.To-p.Height)/bps) * time.Second).Round(time.Second).String()
	}
	fmt.Fprintf(w, "\r\033[Kheight %d/%d  %.0f blocks/s  %.0f statements/s  ETA %s",
		p.Height, p.To, bps, float64(p.Statements)/secs, eta)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
