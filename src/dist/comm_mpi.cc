// The MPI Communicator (built with WINNOW_MPI; else ConnectLauncher always
// returns null). MPI is initialized with MPI_THREAD_FUNNELED: the stages'
// worker threads never call MPI, only the thread that runs the job.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "winnow/dist.h"

#ifdef WINNOW_HAVE_MPI
#include <mpi.h>
#endif

namespace winnow {

bool LaunchedByMpi() {
#ifdef WINNOW_HAVE_MPI
  // Open MPI's mpirun, PMIx launchers (srun --mpi=pmix, prterun), PMI-1/2
  // launchers (MPICH's hydra, srun --mpi=pmi2).
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK",
                        "PMI_SIZE"}) {
    if (std::getenv(v) != nullptr) return true;
  }
#endif
  return false;
}

#ifdef WINNOW_HAVE_MPI
namespace {

Status MpiError(const char* what, int code) {
  char buf[MPI_MAX_ERROR_STRING];
  int len = 0;
  MPI_Error_string(code, buf, &len);
  return IoError(std::string(what) + ": " + std::string(buf, len));
}

#define WINNOW_MPI_CALL(what, call)                   \
  do {                                                \
    int winnow_mpi_rc_ = (call);                      \
    if (winnow_mpi_rc_ != MPI_SUCCESS) return MpiError(what, winnow_mpi_rc_); \
  } while (0)

constexpr int kStreamTag = 17;
constexpr int kShuffleTag = 18;

class MpiCommunicator : public Communicator {
 public:
  MpiCommunicator() {
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
    MPI_Comm local;
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank_,
                        MPI_INFO_NULL, &local);
    MPI_Comm_size(local, &local_size_);
    MPI_Comm_free(&local);
    // Errors come back as codes (then Status), not as an abort inside MPI.
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  }
  ~MpiCommunicator() override { MPI_Finalize(); }

  int rank() const override { return rank_; }
  int size() const override { return size_; }
  int local_size() const override { return local_size_; }

  // The counts go by MPI_Alltoall; the bytes by nonblocking sends and
  // receives straight from and into the callers' strings (what
  // MPI_Alltoallv would do after copying them into one buffer).
  Status AllToAll(std::vector<std::string>* send_in,
                  std::vector<std::string>* recv) override {
    const std::vector<std::string>& send = *send_in;
    const int n = size_;
    if (static_cast<int>(send.size()) != n) {
      return InternalError("AllToAll: " + std::to_string(send.size()) +
                           " buffers for " + std::to_string(n) + " ranks");
    }
    send_counts_.assign(n, 0);
    recv_counts_.assign(n, 0);
    for (int d = 0; d < n; ++d) {
      if (send[d].size() > INT32_MAX) {
        return InternalError("AllToAll: a buffer over 2 GiB");
      }
      send_counts_[d] = static_cast<int>(send[d].size());
    }
    WINNOW_MPI_CALL("MPI_Alltoall",
                    MPI_Alltoall(send_counts_.data(), 1, MPI_INT,
                                 recv_counts_.data(), 1, MPI_INT,
                                 MPI_COMM_WORLD));
    recv->resize(n);
    requests_.clear();
    for (int i = 1; i < n; ++i) {
      // Staggered: rank r receives from r-i while r+i receives from r.
      const int s = (rank_ - i + n) % n;
      (*recv)[s].resize(static_cast<size_t>(recv_counts_[s]));
      if (recv_counts_[s] > 0) {
        requests_.emplace_back();
        WINNOW_MPI_CALL("MPI_Irecv",
                        MPI_Irecv((*recv)[s].data(), recv_counts_[s], MPI_BYTE,
                                  s, kShuffleTag, MPI_COMM_WORLD,
                                  &requests_.back()));
      }
    }
    for (int i = 1; i < n; ++i) {
      const int d = (rank_ + i) % n;
      if (send_counts_[d] > 0) {
        requests_.emplace_back();
        WINNOW_MPI_CALL("MPI_Isend",
                        MPI_Isend(send[d].data(), send_counts_[d], MPI_BYTE, d,
                                  kShuffleTag, MPI_COMM_WORLD,
                                  &requests_.back()));
      }
    }
    (*recv)[rank_].clear();
    (*recv)[rank_].swap((*send_in)[rank_]);
    WINNOW_MPI_CALL("MPI_Waitall",
                    MPI_Waitall(static_cast<int>(requests_.size()),
                                requests_.data(), MPI_STATUSES_IGNORE));
    return OkStatus();
  }

  Status AllReduce(uint64_t* v, size_t n, Op op) override {
    MPI_Op mop = op == Op::kSum ? MPI_SUM : op == Op::kMin ? MPI_MIN : MPI_MAX;
    WINNOW_MPI_CALL("MPI_Allreduce",
                    MPI_Allreduce(MPI_IN_PLACE, v, static_cast<int>(n),
                                  MPI_UINT64_T, mop, MPI_COMM_WORLD));
    return OkStatus();
  }

  Status Send(int dest, std::string_view bytes) override {
    if (bytes.size() > INT32_MAX) return InternalError("Send: over 2 GiB");
    WINNOW_MPI_CALL("MPI_Send",
                    MPI_Send(bytes.data(), static_cast<int>(bytes.size()),
                             MPI_BYTE, dest, kStreamTag, MPI_COMM_WORLD));
    return OkStatus();
  }

  Status Recv(int source, std::string* bytes) override {
    MPI_Status st;
    WINNOW_MPI_CALL("MPI_Probe",
                    MPI_Probe(source, kStreamTag, MPI_COMM_WORLD, &st));
    int count = 0;
    MPI_Get_count(&st, MPI_BYTE, &count);
    bytes->resize(static_cast<size_t>(count));
    WINNOW_MPI_CALL("MPI_Recv",
                    MPI_Recv(bytes->data(), count, MPI_BYTE, source,
                             kStreamTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE));
    return OkStatus();
  }

  Status Barrier() override {
    WINNOW_MPI_CALL("MPI_Barrier", MPI_Barrier(MPI_COMM_WORLD));
    return OkStatus();
  }

  [[noreturn]] void Abort(const std::string& message, int code) override {
    std::fprintf(stderr, "winnow: rank %d of %d: %s\n", rank_, size_,
                 message.c_str());
    std::fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, code);
    std::_Exit(code);
  }

 private:
  int rank_ = 0, size_ = 1, local_size_ = 1;
  std::vector<int> send_counts_, recv_counts_;
  std::vector<MPI_Request> requests_;
};

}  // namespace
#endif  // WINNOW_HAVE_MPI

Result<std::unique_ptr<Communicator>> ConnectLauncher() {
#ifdef WINNOW_HAVE_MPI
  if (!LaunchedByMpi()) return std::unique_ptr<Communicator>();
  // A rank waiting in a shuffle for a slower one yields its core instead of
  // spinning (Open MPI spins by default): the shuffles move large messages,
  // where spinning buys no latency, and on a shared or oversubscribed host
  // the spinning rank would slow the one it waits for. The launcher's own
  // setting (mpirun --mca mpi_yield_when_idle 0) still wins.
  ::setenv("OMPI_MCA_mpi_yield_when_idle", "1", 0);
  int provided = 0;
  int rc = MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  if (rc != MPI_SUCCESS) return MpiError("MPI_Init_thread", rc);
  return std::unique_ptr<Communicator>(new MpiCommunicator());
#else
  return std::unique_ptr<Communicator>();
#endif
}

}  // namespace winnow
