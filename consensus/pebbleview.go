package consensus

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Reading the block store while the node runs. A read-only pebble handle
// on the node's own directory breaks as soon as a compaction deletes an
// sstable the handle has not opened yet (pebble treats a missing file as
// fatal). So readers open a private view instead: the store's CURRENT, the
// MANIFEST it names and its WAL files are copied, and its sstables, which
// pebble never modifies, are hard-linked (no data is copied). Compactions
// then delete only the node's names. A file the node removed while the
// view was being made fails that attempt, and OpenBlockStore tries again.

const (
	viewAttempts = 8
	viewPrefix   = ".blockstore-view-"
)

// pebbleView makes a view of the pebble store src and returns the
// directory holding it (the store itself is <dir>/blockstore.db).
func pebbleView(src string) (string, error) {
	removeStaleViews(filepath.Dir(src))
	parent, err := os.MkdirTemp(filepath.Dir(src), viewPrefix+strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		return "", err
	}
	if err := fillView(src, filepath.Join(parent, "blockstore.db")); err != nil {
		os.RemoveAll(parent)
		time.Sleep(20 * time.Millisecond) // let the compaction finish
		return "", fmt.Errorf("view of %s: %w", src, err)
	}
	return parent, nil
}

func fillView(src, dst string) error {
	if err := os.Mkdir(dst, 0o700); err != nil {
		return err
	}
	// CURRENT and the MANIFEST first: every sstable the view's MANIFEST
	// lists existed before the directory is listed below.
	cur, err := os.ReadFile(filepath.Join(src, "CURRENT"))
	if err != nil {
		return err
	}
	manifest := strings.TrimSpace(string(cur))
	if err := copyPlain(filepath.Join(src, manifest), filepath.Join(dst, manifest)); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dst, "CURRENT"), cur, 0o600); err != nil {
		return err
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		from, to := filepath.Join(src, name), filepath.Join(dst, name)
		switch {
		case strings.HasSuffix(name, ".sst"):
			err = os.Link(from, to)
		case strings.HasSuffix(name, ".log"), strings.HasPrefix(name, "OPTIONS-"):
			err = copyPlain(from, to)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func copyPlain(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// removeStaleViews removes views left by processes that no longer run
// (killed before they could clean up).
func removeStaleViews(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), viewPrefix)
		if !ok {
			continue
		}
		pidText, _, _ := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		if err != nil || pid == os.Getpid() {
			continue
		}
		if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}
