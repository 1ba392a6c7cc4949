// dist.h — the ranks of a distributed job and how they exchange data.
//
// winnow scales out over MPI (Open MPI, MPICH, or whatever the cluster's
// launcher speaks): `mpirun -np 4 winnow dedup ...` or `srun winnow dedup
// ...` starts one process per rank; each opens a Communicator and the job
// divides its work by rank. A process started without a launcher runs
// alone, exactly as before (ConnectLauncher returns null).
//
// A Communicator offers the few collective operations the jobs need:
//
//   AllToAll    every rank sends a byte string to every rank (MPI_Alltoallv);
//               the shuffle of band keys, pairs, labels. Callers bound each
//               round's bytes (dist_shuffle.h in src/dedup) so that no rank
//               holds more than its memory budget.
//   AllReduce   sum, min or max of a few counters over the ranks.
//   Send/Recv   point-to-point streams (the final join of the outputs).
//
// Cost: AllToAll moves the bytes once over the interconnect (shared memory
// between ranks of one host, TCP or InfiniBand between hosts) plus one
// exchange of counts; a round of small messages costs a few microseconds
// of latency per rank.
//
// Failure: a rank that dies makes the launcher stop every other rank (MPI's
// default error handler); a rank whose job fails calls Abort with a message
// naming itself and the cause, which stops the whole job, never a hang.
// Operations return a Status only for errors MPI reports back.
//
//   auto comm = winnow::ConnectLauncher();     // null without mpirun
//   if (comm.ok() && *comm) {
//     std::vector<std::string> out((*comm)->size()), in;
//     out[((*comm)->rank() + 1) % (*comm)->size()] = "hello";
//     WINNOW_RETURN_IF_ERROR((*comm)->AllToAll(&out, &in));
//   }
#ifndef WINNOW_DIST_H_
#define WINNOW_DIST_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/status.h"

namespace winnow {

class Communicator {
 public:
  virtual ~Communicator() = default;

  virtual int rank() const = 0;
  virtual int size() const = 0;
  // Ranks on this host (they share its cores).
  virtual int local_size() const = 0;

  // Sends (*send)[d] to rank d (send->size() == size()); (*recv)[s]
  // receives what rank s sent here. What a rank sends itself is moved, not
  // copied ((*send)[rank()] is left empty). Collective: every rank calls it
  // the same number of times. Each string must stay under 2 GiB.
  virtual Status AllToAll(std::vector<std::string>* send,
                          std::vector<std::string>* recv) = 0;

  enum class Op { kSum, kMin, kMax };
  // Combines v[0..n) over the ranks, in place, on every rank.
  virtual Status AllReduce(uint64_t* v, size_t n, Op op) = 0;

  // A point-to-point message; Recv receives the next one from `source`.
  virtual Status Send(int dest, std::string_view bytes) = 0;
  virtual Status Recv(int source, std::string* bytes) = 0;

  virtual Status Barrier() = 0;

  // Stops every rank of the job: prints "winnow: rank R of N: message" and
  // makes the launcher end the others. Never returns.
  [[noreturn]] virtual void Abort(const std::string& message, int code) = 0;
};

// One rank alone (size 1): what a distributed stage sees when it runs in a
// single process, e.g. in unit tests.
std::unique_ptr<Communicator> MakeSoloCommunicator();

// True when this process was started by an MPI launcher (mpirun, mpiexec,
// srun) and winnow was built with MPI.
bool LaunchedByMpi();

// Joins the job's ranks when LaunchedByMpi(), else returns null. Call once
// per process; the Communicator ends MPI when destroyed.
Result<std::unique_ptr<Communicator>> ConnectLauncher();

}  // namespace winnow

#endif  // WINNOW_DIST_H_
