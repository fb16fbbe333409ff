// The `l2o` program: the paper's experiments from the command line (DESIGN.md lists the flags).
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>

#include <l2o/version.hpp>

#include "commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"l2o: learning to optimize wireless power control (Sun et al.)", "l2o"};
  app.set_version_flag("--version", l2o::version_string);
  app.require_subcommand(1);
  l2o::cli::add_generate(app);
  l2o::cli::add_solve(app);
  l2o::cli::add_train(app);
  l2o::cli::add_evaluate(app);
  l2o::cli::add_reproduce(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "l2o: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
