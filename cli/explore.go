package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/blocksql/blocksql/cli/explorer"
	"github.com/blocksql/blocksql/consensus"
)

func init() { register(newExploreCmd) }

func newExploreCmd() *cobra.Command {
	var home, listen string
	c := &cobra.Command{
		Use:   "explore",
		Short: "serve a read-only web explorer of the operation log: blocks, transactions, row history, diffs",
		Long: "explore serves, until interrupted, web pages over a node's operation log: the newest blocks\n" +
			"(paged), a block's transactions, a transaction's statements with user, client and applied SQL,\n" +
			"a row's history, a table's changes between two heights, and a page that checks an uploaded\n" +
			"proof against the node's genesis (on the server). The node may be running.",
		Example: "  blocksql explore --home ./node\n  blocksql explore --home ./node --listen 127.0.0.1:8080",
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runExplore(cmd.Context(), home, listen)
		},
	}
	c.Flags().StringVar(&home, "home", defaultHome(), "node home directory")
	c.Flags().StringVar(&listen, "listen", "127.0.0.1:26661", "address to serve the explorer on")
	return c
}

func runExplore(ctx context.Context, home, listen string) error {
	drv, err := openLog(home)
	if err != nil {
		return err
	}
	defer drv.Close()
	gen, err := nodeGenesis(home)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return &UsageError{Msg: fmt.Sprintf("cannot listen on %s: %v", listen, err), Hint: "blocksql explore --listen 127.0.0.1:8080"}
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	srv := &http.Server{Handler: explorer.New(drv, gen, log).Handler(), ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	fmt.Printf("blocksql explorer on http://%s/\n", ln.Addr())
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// nodeGenesis reads the node's genesis.json, which the explorer checks
// proofs against.
func nodeGenesis(home string) (*explorer.Genesis, error) {
	c, err := consensus.LoadConfig(home)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(c.GenesisFile())
	if err != nil {
		return nil, fmt.Errorf("read genesis: %w", err)
	}
	return explorer.ReadGenesis(b)
}
