package com.platform.workergateway.upstream;

import java.util.List;

/**
 * A ReportTaskProgress request.
 *
 * @param taskId the upstream task id
 * @param fields progress fields, possibly empty
 */
public record TaskProgress(String taskId, List<TaskObject.Field> fields) {

}
