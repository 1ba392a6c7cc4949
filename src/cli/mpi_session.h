// mpi_session.h — the command line's side of a distributed run (dist.h):
// joining the ranks when started by mpirun or srun, and ending the whole job
// with a message naming the rank when one of them fails.
#ifndef WINNOW_SRC_CLI_MPI_SESSION_H_
#define WINNOW_SRC_CLI_MPI_SESSION_H_

#include "winnow/dist.h"
#include "winnow/status.h"

namespace winnow::cli {

// The ranks of this job, joined on first use; null when the process was
// not started by an MPI launcher (or winnow was built without MPI). A
// failure to join ends the process with exit status 1.
Communicator* MpiSession();

// Ends MPI (after the last collective operation). Returns `code`.
int EndMpiSession(int code);

// Reports a failed run: alone, as ReportError; in a distributed run, stops
// every rank with "winnow: rank R of N: message" (never returns then).
int ReportRunError(const Status& status);

}  // namespace winnow::cli

#endif  // WINNOW_SRC_CLI_MPI_SESSION_H_
