package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blocksql/blocksql/drivers"
)

// [limits] is written by init with its defaults, and an edited value is
// the one the node starts with.
func TestLimitsConfig(t *testing.T) {
	home := t.TempDir()
	if err := writeConfig(home, defaultConfig()); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(home, ConfigFile)
	written, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(written), "[limits]") {
		t.Fatalf("no [limits] in\n%s", written)
	}
	cfg, err := loadConfig(home)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Limits.MaxResultBytes != drivers.DefaultMaxResultBytes || cfg.Limits.MaxNodeResultBytes != drivers.DefaultMaxNodeResultBytes {
		t.Fatalf("defaults: %+v", cfg.Limits)
	}
	edited := strings.Replace(string(written), "max_result_bytes = 268435456", "max_result_bytes = 1000", 1)
	if err := os.WriteFile(path, []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	if cfg, err = loadConfig(home); err != nil || cfg.Limits.MaxResultBytes != 1000 {
		t.Fatalf("edited: %+v, %v", cfg.Limits, err)
	}
}
