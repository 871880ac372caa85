// The `clustersim` command as a library function, so that a program of one's own can add
// policies to the registries and then be the clustersim command, the way an out-of-tree
// kube-scheduler calls app.NewSchedulerCommand(app.WithPlugin(...)):
//
//   int main(int argc, char** argv) {
//     clustersim::RegisterFailoverPolicy(MyPolicyInfo());
//     return clustersim::CommandLineMain(argc, argv);
//   }
//
// docs/writing-policies.md walks through it; examples/custom-policy/ is a complete one.
#pragma once

namespace clustersim {

// Everything `clustersim COMMAND ...` does, with argv[0] the program and argv[1] the command;
// returns the exit code (0 success, 1 runtime failure, 2 bad input or usage; 3 and 4 from
// check).
int CommandLineMain(int argc, char** argv);

}  // namespace clustersim
