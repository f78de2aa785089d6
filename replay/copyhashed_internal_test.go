package replay

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// copyHashed copies every byte and hashes what it copied, whatever the
// size against its chunks, and a failing writer or reader ends it with
// that error.
func TestCopyHashed(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, copyChunk - 1, copyChunk, copyChunk + 1, copyChunks*copyChunk + 5} {
		src := make([]byte, n)
		for i := range src {
			src[i] = byte(rng.Uint32())
		}
		var dst bytes.Buffer
		sum, err := copyHashed(&dst, bytes.NewReader(src))
		if err != nil {
			t.Fatal(n, err)
		}
		want := sha256.Sum256(src)
		if !bytes.Equal(dst.Bytes(), src) || sum != hex.EncodeToString(want[:]) {
			t.Errorf("%d bytes: copied %d bytes, sum %s, want %x", n, dst.Len(), sum, want)
		}
	}
	big := bytes.NewReader(make([]byte, 3*copyChunk))
	if _, err := copyHashed(failingWriter{}, big); !errors.Is(err, errDiskFull) {
		t.Errorf("failing writer: %v", err)
	}
	if _, err := copyHashed(io.Discard, io.MultiReader(bytes.NewReader(make([]byte, copyChunk+3)), failingReader{})); !errors.Is(err, errDiskFull) {
		t.Errorf("failing reader: %v", err)
	}
}

var errDiskFull = errors.New("no space left on device")

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errDiskFull }

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errDiskFull }

// BenchmarkCopyHashed copies and hashes a file as a snapshot is taken and
// restored: BLOCKSQL_COPY_SRC (a real snapshot), or 256 MB of random bytes.
//
//	BLOCKSQL_COPY_SRC=node/snapshots/snapshot-….db go test ./replay -run '^$' -bench CopyHashed -benchtime 3x
func BenchmarkCopyHashed(b *testing.B) {
	src := os.Getenv("BLOCKSQL_COPY_SRC")
	if src == "" {
		src = filepath.Join(b.TempDir(), "src")
		data := make([]byte, 256<<20)
		rng := rand.New(rand.NewPCG(3, 4))
		for i := 0; i < len(data); i += 8 {
			binary.LittleEndian.PutUint64(data[i:], rng.Uint64())
		}
		if err := os.WriteFile(src, data, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	dst := filepath.Join(b.TempDir(), "dst")
	var size int64
	for b.Loop() {
		b.StopTimer()
		os.Remove(dst)
		b.StartTimer()
		if _, err := copyFile(src, dst); err != nil {
			b.Fatal(err)
		}
		if st, err := os.Stat(dst); err == nil {
			size = st.Size()
		}
	}
	b.SetBytes(size)
}
