#include "winnow/reader.h"

namespace winnow {

DocReader::DocReader(std::vector<InputFile> files, ReaderOptions options)
    : source_(std::make_unique<RecordSource>(std::move(files), options)),
      parser_(std::make_unique<RecordParser>(options)) {}

DocReader::DocReader(const std::vector<std::string>& paths,
                     ReaderOptions options) {
  auto files = ExpandInputs(paths, options);
  if (!files.ok()) {
    init_error_ = files.status();
    files = std::vector<InputFile>{};
  }
  source_ = std::make_unique<RecordSource>(std::move(*files), options);
  parser_ = std::make_unique<RecordParser>(options);
}

DocReader::~DocReader() = default;

Result<bool> DocReader::Next(Doc* doc) {
  if (!init_error_.ok()) return init_error_;
  for (;;) {
    if (pos_ < batch_.records.size()) {
      WINNOW_RETURN_IF_ERROR(parser_->Parse(batch_, batch_.records[pos_++],
                                            source_->files(), doc));
      return true;
    }
    if (error_pos_ < batch_.errors.size()) {
      return batch_.errors[error_pos_++].status;
    }
    pos_ = error_pos_ = 0;
    if (!source_->NextBatch(&batch_)) return false;
  }
}

}  // namespace winnow
