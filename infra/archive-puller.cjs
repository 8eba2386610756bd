// Selects the archive puller's resources at package time: none unless the param archivePullerImage is set;
// then infra/archive-puller.yml and the network of the chosen egress (infra/archive-puller-network-<egress>.yml).
module.exports = async ({ resolveVariable }) => {
  const image = await resolveVariable("param:archivePullerImage, ''");
  if (!image) return {};
  const egress = await resolveVariable("param:egress, 'none'");
  const core = await resolveVariable('file(infra/archive-puller.yml)');
  const network = await resolveVariable(`file(infra/archive-puller-network-${egress}.yml)`);
  return { Resources: { ...core.Resources, ...network.Resources } };
};
