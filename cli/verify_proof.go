package cli

import (
	"fmt"
	"os"

	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/spf13/cobra"

	"github.com/blocksql/blocksql/replay/audit"
)

func init() { register(newVerifyProofCmd) }

func newVerifyProofCmd() *cobra.Command {
	var genesis string
	c := &cobra.Command{
		Use:   "verify-proof PROOF --genesis GENESIS",
		Short: "check a transaction proof offline against a genesis file",
		Long: "verify-proof checks PROOF (written by prove) against the validators of GENESIS,\n" +
			"without a node or network.",
		Example: "  blocksql verify-proof tx.proof.json --genesis genesis.json",
		Args:    exactArgs(1, "one proof file"),
		RunE:    func(_ *cobra.Command, args []string) error { return verifyProofFile(args[0], genesis) },
	}
	c.Flags().StringVar(&genesis, "genesis", "", "the chain's genesis.json: the validators the proof must be signed by")
	_ = c.MarkFlagRequired("genesis")
	return c
}

func verifyProofFile(path, genesis string) error {
	gen, err := cmttypes.GenesisDocFromFile(genesis)
	if err != nil {
		return fmt.Errorf("read genesis: %w", err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read proof: %w", err)
	}
	v, err := audit.VerifyProofJSON(b, gen)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	fmt.Println("OK:", v)
	return nil
}
