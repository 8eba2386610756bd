// Local osls plugin (serverless.yml `plugins:`): the alarms every function gets without YAML edits, and the
// optional alarm forwarder. After the template is compiled it adds, per AWS::Lambda::Function, an Errors
// and a Throttles alarm (AWS/Lambda, dimension FunctionName) notifying the AlarmTopic (infra/notify.yml),
// and gives every log group a numeric RetentionInDays (a `--param` arrives as a string). At initialize it
// drops the `alarmForwarder` function when `custom.alarms.robotUrlParameter` (param alarmRobotUrlParameter)
// is empty, so the forwarder, its SNS subscription and its permission exist only when a robot is configured.
'use strict';

const FORWARDER = 'alarmForwarder';

class FunctionAlarms {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = {
      initialize: () => this.selectForwarder(),
      'before:package:finalize': () => this.addAlarms(),
    };
  }

  selectForwarder() {
    const service = this.serverless.service;
    const robot = String((service.custom && service.custom.alarms && service.custom.alarms.robotUrlParameter) || '');
    if (robot && !/^\/[A-Za-z0-9_.\-/]+$/.test(robot)) {
      throw new Error(`alarmRobotUrlParameter must be an SSM parameter name starting with "/" (e.g. /siyu/prod/alarm-robot-url), got "${robot}"`);
    }
    if (!robot && service.functions && service.functions[FORWARDER]) delete service.functions[FORWARDER];
  }

  addAlarms() {
    const template = this.serverless.service.provider.compiledCloudFormationTemplate;
    const resources = template.Resources;
    const topic = [{ Ref: 'AlarmTopic' }];
    for (const [id, r] of Object.entries(resources)) {
      if (r.Type === 'AWS::Logs::LogGroup' && r.Properties && typeof r.Properties.RetentionInDays === 'string') {
        r.Properties.RetentionInDays = Number(r.Properties.RetentionInDays);
      }
      if (r.Type !== 'AWS::Lambda::Function') continue;
      const base = id.replace(/LambdaFunction$/, '');
      const alarm = (metric, description) => ({
        Type: 'AWS::CloudWatch::Alarm',
        ...(r.Condition ? { Condition: r.Condition } : {}),
        Properties: {
          AlarmDescription: description,
          Namespace: 'AWS/Lambda',
          MetricName: metric,
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: id } }],
          Statistic: 'Sum',
          Period: 300,
          EvaluationPeriods: 1,
          Threshold: 0,
          ComparisonOperator: 'GreaterThanThreshold',
          TreatMissingData: 'notBreaching',
          AlarmActions: topic,
          OKActions: topic,
        },
      });
      resources[`${base}ErrorsAlarm`] = alarm('Errors', `函数 ${base} 调用失败 / Function ${base} invocations failed (see its log group)`);
      resources[`${base}ThrottlesAlarm`] = alarm('Throttles', `函数 ${base} 被限流 / Function ${base} was throttled (account or reserved concurrency reached)`);
    }
  }
}

module.exports = FunctionAlarms;
