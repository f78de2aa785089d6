package replay

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// ErrSnapshotCorrupt: a snapshot's content no longer matches its metadata.
var ErrSnapshotCorrupt = errors.New("snapshot does not match its recorded digest")

// SnapshotWriter is a local database that can write a consistent copy of
// itself to a new file (SQLite: VACUUM INTO).
type SnapshotWriter interface {
	SnapshotTo(ctx context.Context, path string) error
}

// OpenFunc opens a database file as the engine of the chain's dialect
// (Engine or PGEngine on the SQLite driver, in cli/).
type OpenFunc func(ctx context.Context, path string) (StateEngine, error)

// SnapshotInfo is the metadata written beside a snapshot file. Height and
// AppHash are read from the snapshot itself, so they are consistent with
// its data whenever it was taken.
type SnapshotInfo struct {
	File    string `json:"file"`
	Height  int64  `json:"height"`
	AppHash string `json:"app_hash"`
	Digest  string `json:"digest"`
	// SHA256 is the hash of the snapshot file: a restore checks the copy
	// it makes against it instead of recomputing the state digest, which
	// reads every row (snapshots written before it was recorded are
	// checked by digest).
	SHA256  string    `json:"sha256,omitempty"`
	Tables  int       `json:"tables"`
	Created time.Time `json:"created"`
	Dir     string    `json:"-"`
}

// Path is the snapshot file.
func (s SnapshotInfo) Path() string { return filepath.Join(s.Dir, s.File) }

func snapshotName(h int64) string { return fmt.Sprintf("snapshot-%020d", h) }

// ListSnapshots returns the snapshots in dir, oldest first. A missing
// directory holds none.
func ListSnapshots(dir string) ([]SnapshotInfo, error) {
	names, err := filepath.Glob(filepath.Join(dir, "snapshot-*.json"))
	if err != nil {
		return nil, err
	}
	var out []SnapshotInfo
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			return nil, fmt.Errorf("read snapshot metadata: %w", err)
		}
		var s SnapshotInfo
		if err := json.Unmarshal(b, &s); err != nil {
			return nil, fmt.Errorf("snapshot metadata %s: %w", n, err)
		}
		s.Dir = dir
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Height < out[j].Height })
	return out, nil
}

// NearestSnapshot is the newest snapshot at or below height.
func NearestSnapshot(list []SnapshotInfo, height int64) (SnapshotInfo, bool) {
	for i := len(list) - 1; i >= 0; i-- {
		if list[i].Height <= height {
			return list[i], true
		}
	}
	return SnapshotInfo{}, false
}

// RestoreSnapshot copies snapshot s to path, opens it and checks its height,
// AppHash and state digest against the recorded ones before anything is
// applied on top of it.
func RestoreSnapshot(ctx context.Context, s SnapshotInfo, path string, open OpenFunc) (StateEngine, error) {
	sum, err := copyFile(s.Path(), path)
	if err != nil {
		return nil, fmt.Errorf("copy snapshot %s: %w", s.File, err)
	}
	if s.SHA256 != "" && sum != s.SHA256 {
		return nil, fmt.Errorf("snapshot %s: %w: file sha256 %s, recorded %s", s.File, ErrSnapshotCorrupt, sum, s.SHA256)
	}
	e, err := open(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("snapshot %s: %w", s.File, err)
	}
	if err := checkSnapshot(ctx, e, s); err != nil {
		e.Close()
		return nil, fmt.Errorf("snapshot %s: %w", s.File, err)
	}
	return e, nil
}

func checkSnapshot(ctx context.Context, e StateEngine, s SnapshotInfo) error {
	if e.Height() != s.Height || hex.EncodeToString(e.AppHash()) != s.AppHash {
		return fmt.Errorf("%w: holds height %d app hash %x, recorded %d %s",
			ErrSnapshotCorrupt, e.Height(), e.AppHash(), s.Height, s.AppHash)
	}
	if s.SHA256 != "" {
		return nil // the file is byte for byte the one whose digest was recorded
	}
	d, err := e.Digest(ctx)
	if err != nil {
		return err
	}
	if d.Hash != s.Digest {
		return fmt.Errorf("%w: digest %s, recorded %s", ErrSnapshotCorrupt, d.Hash, s.Digest)
	}
	return nil
}

// copyFile copies src to a new file dst and returns the hex sha256 of
// what it copied. The copy starts going to the disk at once, on a
// goroutine of its own: the restore applies its blocks and digests the
// state meanwhile, and the fsync that ends it (the engine's Close, the one
// a restore's durability rests on) then waits for little. Restoring a
// 1M-statement chain's 990 MB snapshot, that final fsync took 0.36 s of
// 1.8 s when the whole copy was left to it.
func copyFile(src, dst string) (string, error) {
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", err
	}
	sum, err := hashFile(src, out)
	if err != nil {
		out.Close()
		os.Remove(dst)
		return "", err
	}
	go func() {
		out.Sync() // early writeback only: a failure shows at the final fsync
		out.Close()
	}()
	return sum, nil
}

// fileSHA256 is the hex sha256 of a file.
func fileSHA256(path string) (string, error) { return hashFile(path, io.Discard) }

// hashFile writes path's bytes to w and returns their hex sha256.
func hashFile(path string, w io.Writer) (string, error) {
	in, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer in.Close()
	return copyHashed(w, in)
}

// copyChunk and copyChunks size copyHashed's buffers. Copying and hashing
// a 985 MB snapshot (BenchmarkCopyHashed's loop, the variants alternated,
// on this machine's ext4): io.Copy through a MultiWriter, 0.95–1.19 s; these
// 32 KB chunks with 4 buffers 0.91–1.09 s, with 16 buffers 0.61–0.66 s,
// with 64 buffers 0.74–0.80 s; 256 KB and 1 MB chunks were slower
// (1.3–2.2 s: they no longer stay in the CPU's cache between the write
// and the hash).
const (
	copyChunk  = 32 << 10
	copyChunks = 16
)

// copyHashed copies r to w and returns the hex sha256 of what it copied.
// The hash runs on its own goroutine while the next chunks are read and
// written, so a copy costs about the longer of the two, not their sum
// (hashing 1 GB takes ~0.6 s).
func copyHashed(w io.Writer, r io.Reader) (string, error) {
	free := make(chan []byte, copyChunks)
	for range copyChunks {
		free <- make([]byte, copyChunk)
	}
	full := make(chan []byte, copyChunks)
	sum := make(chan []byte, 1)
	go func() {
		h := sha256.New()
		for b := range full {
			h.Write(b)
			free <- b[:cap(b)]
		}
		sum <- h.Sum(nil)
	}()
	err := func() error {
		defer close(full)
		for {
			b := <-free
			n, rerr := io.ReadFull(r, b)
			if n > 0 {
				if _, err := w.Write(b[:n]); err != nil {
					return err
				}
				full <- b[:n]
			}
			switch rerr {
			case nil:
			case io.EOF, io.ErrUnexpectedEOF:
				return nil
			default:
				return rerr
			}
		}
	}()
	h := <-sum // the hasher has given back every buffer by now
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(h), nil
}

// Snapshotter takes a snapshot of the node's database every Interval blocks
// and keeps the newest Retain. The engine's after-commit hook wakes it; the
// copy and its digest are made on its own goroutine, so applying blocks
// never waits for a snapshot.
type Snapshotter struct {
	Dir      string
	Interval int64
	Retain   int
	Source   SnapshotWriter
	Open     OpenFunc
	Log      *slog.Logger

	kick chan int64
	last int64
}

// AfterCommit is the engine hook (Engine.SetAfterCommit): it never blocks.
func (s *Snapshotter) AfterCommit(height int64) {
	select {
	case s.kick <- height:
	default: // a snapshot is being taken or a wake-up is pending
	}
}

// Run takes snapshots until ctx ends. Call it once, before AfterCommit.
func (s *Snapshotter) Run(ctx context.Context) {
	for h := range s.wakeups(ctx) {
		if h < s.last+s.Interval {
			continue
		}
		info, err := s.Take(ctx)
		if err != nil {
			s.Log.Warn("snapshot failed", "height", h, "err", err)
			continue
		}
		s.Log.Info("snapshot taken", "height", info.Height, "file", info.File, "digest", info.Digest)
	}
}

// Init prepares the directory and finds the newest snapshot.
func (s *Snapshotter) Init() error {
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return fmt.Errorf("snapshots: %w", err)
	}
	list, err := ListSnapshots(s.Dir)
	if err != nil {
		return err
	}
	if len(list) > 0 {
		s.last = list[len(list)-1].Height
	}
	s.kick = make(chan int64, 1)
	return nil
}

func (s *Snapshotter) wakeups(ctx context.Context) <-chan int64 {
	out := make(chan int64)
	go func() {
		defer close(out)
		for {
			select {
			case <-ctx.Done():
				return
			case h := <-s.kick:
				select {
				case out <- h:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return out
}

// Take writes a snapshot now and prunes old ones.
func (s *Snapshotter) Take(ctx context.Context) (*SnapshotInfo, error) {
	tmp := filepath.Join(s.Dir, fmt.Sprintf(".tmp-%d.db", time.Now().UnixNano()))
	defer removeDB(tmp)
	if err := s.Source.SnapshotTo(ctx, tmp); err != nil {
		return nil, fmt.Errorf("write snapshot: %w", err)
	}
	info, err := describeSnapshot(ctx, tmp, s.Open)
	if err != nil {
		return nil, err
	}
	if info.SHA256, err = fileSHA256(tmp); err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	info.Dir = s.Dir
	info.File = snapshotName(info.Height) + ".db"
	if err := os.Rename(tmp, info.Path()); err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	if err := writeSnapshotInfo(info); err != nil {
		return nil, err
	}
	s.last = info.Height
	return info, s.prune()
}

// describeSnapshot reads a snapshot's height, AppHash and digest.
func describeSnapshot(ctx context.Context, path string, open OpenFunc) (*SnapshotInfo, error) {
	e, err := open(ctx, path)
	if err != nil {
		return nil, err
	}
	defer e.Close()
	d, err := e.Digest(ctx)
	if err != nil {
		return nil, err
	}
	return &SnapshotInfo{Height: e.Height(), AppHash: hex.EncodeToString(e.AppHash()), Digest: d.Hash,
		Tables: len(d.Tables), Created: time.Now().UTC()}, nil
}

func writeSnapshotInfo(info *SnapshotInfo) error {
	b, err := json.MarshalIndent(info, "", "  ")
	if err != nil {
		return err
	}
	path := strings.TrimSuffix(info.Path(), ".db") + ".json"
	if err := os.WriteFile(path+".tmp", b, 0o600); err != nil {
		return fmt.Errorf("snapshot metadata: %w", err)
	}
	return os.Rename(path+".tmp", path)
}

// prune removes all but the newest Retain snapshots, metadata first so a
// listed snapshot always has its file.
func (s *Snapshotter) prune() error {
	list, err := ListSnapshots(s.Dir)
	if err != nil || s.Retain <= 0 || len(list) <= s.Retain {
		return err
	}
	for _, old := range list[:len(list)-s.Retain] {
		if err := os.Remove(strings.TrimSuffix(old.Path(), ".db") + ".json"); err != nil {
			return fmt.Errorf("prune snapshot: %w", err)
		}
		removeDB(old.Path())
	}
	return nil
}

// removeDB removes an SQLite file with its WAL and shared-memory files.
func removeDB(path string) {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		_ = os.Remove(p)
	}
}
