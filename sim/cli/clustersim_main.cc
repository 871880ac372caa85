// The clustersim executable: the command line with the built-in policies only.
#include "clustersim/cli/command_line.h"

int main(int argc, char** argv) { return clustersim::CommandLineMain(argc, argv); }
